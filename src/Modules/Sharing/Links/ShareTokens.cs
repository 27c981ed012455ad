using System.Security.Cryptography;
using System.Text;

namespace Modules.Sharing.Links;

/// <summary>Share tokens: 256 bits from the system CSPRNG, URL-safe; only their SHA-256 is ever stored.</summary>
internal static class ShareTokens
{
    public const int MaxLength = 64;

    public static string New() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares in constant time, so response timing says nothing about how much of a guess matched.</summary>
    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));
}
