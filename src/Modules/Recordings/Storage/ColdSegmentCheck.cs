using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Modules.Recordings.Storage;

/// <summary>
/// A segment file's checksum, and the check of a file against its index entry: present, of the indexed length, with
/// the indexed checksum. The checksum guards against damage (a flipped byte, a cut-off write), not against an attacker
/// who can write the data directory, so it is XXH128 (<c>xxh128:</c> and 32 hex digits): several times faster than
/// SHA-256 on every move and every cold read (docs/storage.md). Segments written before it carry a bare SHA-256, still checked as such.
/// </summary>
internal static class ColdSegmentCheck
{
    private const string Xxh128 = "xxh128:";

    public static string ChecksumOf(ReadOnlySpan<byte> bytes) => Format(XxHash128.Hash(bytes));

    private static string Format(byte[] xxh128) => Xxh128 + Convert.ToHexStringLower(xxh128);

    /// <summary>Null when the file is intact, otherwise what is wrong with it.</summary>
    public static string? Verify(string path, long byteLength, string checksum)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "the cold file is missing";
        }
        using (file)
        {
            if (file.Length != byteLength)
                return file.Length < byteLength
                    ? $"the cold file is truncated ({file.Length} of {byteLength} bytes)"
                    : $"the cold file is longer than indexed ({file.Length} instead of {byteLength} bytes)";
            return checksum.StartsWith(Xxh128, StringComparison.Ordinal)
                ? Format(Xxh128Of(file)) == checksum ? null : "the cold file fails its XXH128 checksum"
                : Convert.ToHexStringLower(SHA256.HashData(file)) == checksum ? null : "the cold file fails its SHA-256 checksum";
        }
    }

    // In 1 MiB reads straight into a pooled buffer: one system call per MiB, no copy through a stream buffer.
    private static byte[] Xxh128Of(FileStream file)
    {
        var hash = new XxHash128();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (int n; (n = file.Read(buffer)) > 0;) hash.Append(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }
}
