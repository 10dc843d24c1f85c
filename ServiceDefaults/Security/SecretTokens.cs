using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A token that names one record and proves its holder may use it: the record's id and 128 random bits, base64url.
/// A ticket's tracking link (<c>/t/{token}</c>) and a kiosk's device token are such tokens: the id finds the record at
/// once, the random bits make the token unguessable, and the token is compared in constant time with the one kept.
/// </summary>
public static class SecretTokens
{
    private const int IdBytes = 16;
    private const int SecretBytes = 16;
    private const int Length = 43;

    public static string New(Guid id)
    {
        Span<byte> bytes = stackalloc byte[IdBytes + SecretBytes];
        id.TryWriteBytes(bytes[..IdBytes], bigEndian: true, out _);
        RandomNumberGenerator.Fill(bytes[IdBytes..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The record a token names, or null when it is not a token's shape.</summary>
    public static Guid? IdOf(string? token)
    {
        if (token is not { Length: Length })
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[IdBytes + SecretBytes];
        return Base64Url.TryDecodeFromChars(token, bytes, out var written) && written == bytes.Length
            ? new Guid(bytes[..IdBytes], bigEndian: true)
            : null;
    }

    public static bool Matches(string? kept, string presented) =>
        kept is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(kept), Encoding.UTF8.GetBytes(presented));

    /// <summary>What is kept of a token that must not be readable where it is stored (a kiosk's).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
