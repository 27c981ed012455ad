using System.IO.Hashing;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

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

    /// <summary>
    /// Reads the whole file into <paramref name="buffer"/> (which must hold <paramref name="byteLength"/> bytes) and
    /// checks it there with one call of the hash: null when it is intact, its bytes then in the buffer's start;
    /// otherwise what is wrong with it. One read and a one-shot hash took a quarter of the time of hashing 1 MiB reads
    /// one by one (docs/storage.md), and a reader sends the checked bytes instead of reading the file twice.
    /// </summary>
    public static string? Verify(string path, long byteLength, string checksum, byte[] buffer)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "the cold file is missing";
        }
        using (file)
        {
            var length = RandomAccess.GetLength(file);
            if (length != byteLength)
                return length < byteLength
                    ? $"the cold file is truncated ({length} of {byteLength} bytes)"
                    : $"the cold file is longer than indexed ({length} instead of {byteLength} bytes)";
            var bytes = buffer.AsSpan(0, checked((int)byteLength));
            for (int read = 0, n; read < bytes.Length; read += n)
                if ((n = RandomAccess.Read(file, bytes[read..], read)) == 0)
                    return $"the cold file is truncated ({read} of {byteLength} bytes)";
            return checksum.StartsWith(Xxh128, StringComparison.Ordinal)
                ? ChecksumOf(bytes) == checksum ? null : "the cold file fails its XXH128 checksum"
                : Convert.ToHexStringLower(SHA256.HashData(bytes)) == checksum ? null : "the cold file fails its SHA-256 checksum";
        }
    }
}
