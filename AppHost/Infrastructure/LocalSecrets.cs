using System.Security.Cryptography;

namespace QueueSystem.AppHost.Infrastructure;

/// <summary>
/// Passwords of the local servers, generated on first use and kept beside their data (git-ignored),
/// so a restart finds the same data and the same password, and deleting the data resets both. Only the
/// account running the system may list or read them (folder 0700, files 0600).
/// </summary>
public sealed class LocalSecrets(string dataDirectory)
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private string Folder => Path.Combine(dataDirectory, "secrets");

    public string GetOrCreate(string name, int length = 32)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Folder);
        if (!OperatingSystem.IsWindows())
        {
            // Also a folder made by an older version, which left it readable by everyone.
            File.SetUnixFileMode(Folder, OwnerOnly | UnixFileMode.UserExecute);
        }

        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = RandomNumberGenerator.GetString(Alphabet, length);
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }

        return secret;
    }
}
