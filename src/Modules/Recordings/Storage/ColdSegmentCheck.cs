using System.Security.Cryptography;

namespace Modules.Recordings.Storage;

/// <summary>Checks a segment file against its index entry: present, of the indexed length, with the indexed SHA-256.</summary>
internal static class ColdSegmentCheck
{
    /// <summary>Null when the file is intact, otherwise what is wrong with it.</summary>
    public static string? Verify(string path, long byteLength, string sha256)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
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
            var actual = Convert.ToHexStringLower(SHA256.HashData(file));
            return actual == sha256 ? null : "the cold file fails its SHA-256 checksum";
        }
    }
}
