using System.Security.Cryptography;

namespace QueueSystem.AppHost.Infrastructure;

/// <summary>
/// Passwords of the local servers, generated on first use and kept beside their data (git-ignored),
/// so a restart finds the same data and the same password, and deleting the data resets both.
/// </summary>
public sealed class LocalSecrets(string dataDirectory)
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public string GetOrCreate(string name, int length = 32)
    {
        var folder = Path.Combine(dataDirectory, "secrets");
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(folder);
        var secret = RandomNumberGenerator.GetString(Alphabet, length);
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
