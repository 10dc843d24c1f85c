using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace QueueSystem.Identity.Patients;

/// <summary>Generates six-digit codes and checks them against their keyed hashes in constant time.</summary>
public sealed class OtpCodes(IOptions<OtpSettings> options)
{
    private readonly byte[] key = options.Value.HashKey.Length >= 32
        ? Encoding.UTF8.GetBytes(options.Value.HashKey)
        : throw new InvalidOperationException("Identity:Otp:HashKey must be set to at least 32 characters.");

    public static string NewCode() => RandomNumberGenerator.GetInt32(1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    public byte[] Hash(string code, byte[] salt) => HMACSHA256.HashData(key, (byte[])[.. salt, .. Encoding.UTF8.GetBytes(code)]);

    public bool Matches(string code, byte[] salt, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(code, salt), expectedHash);

    public static bool IsWellFormed(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);
}
