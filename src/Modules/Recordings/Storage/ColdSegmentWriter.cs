using System.Security.Cryptography;
using Modules.Recordings.Data;

namespace Modules.Recordings.Storage;

/// <summary>
/// Writes one segment file the crash-safe way: the chunks' gzip members are appended unchanged to a temporary file
/// (no recompression), the file is flushed, renamed into place, its directory flushed, then read back and checked
/// against the checksum computed while writing. Only then may the index row be committed.
/// </summary>
internal sealed class ColdSegmentWriter(string coldDirectory, CrashPoints crash)
{
    public const string Extension = ".seg";
    public const string TemporaryExtension = ".tmp";

    public ColdSegmentRow Write(RecordingRow recording, IReadOnlyList<SnapshotChunkRow> chunks, long nowMs)
    {
        var blobKey = $"{chunks[0].FirstTimestampMs}-{Guid.NewGuid():N}";
        try
        {
            return Write(recording, chunks, nowMs, blobKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or an I/O error: leave nothing behind; the chunks simply stay hot until the next run.
            foreach (var leftover in Directory.EnumerateFiles(coldDirectory, blobKey + "*", SearchOption.AllDirectories)) TryDelete(leftover);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } // The sweep removes it later.
    }

    private ColdSegmentRow Write(RecordingRow recording, IReadOnlyList<SnapshotChunkRow> chunks, long nowMs, string blobKey)
    {
        var started = DateTimeOffset.FromUnixTimeMilliseconds(recording.CreatedAtMs);
        var relativeDirectory = $"{recording.EnvironmentId}/{started:yyyy}/{started:MM}/{recording.Id}";
        var directory = Path.Combine(coldDirectory, relativeDirectory);
        DurableFile.CreateDirectory(coldDirectory, directory);
        var path = Path.Combine(directory, blobKey + Extension);
        var temporary = path + TemporaryExtension;

        var segment = new ColdSegmentRow
        {
            RecordingId = recording.Id, BlobKey = blobKey, RelativePath = $"{relativeDirectory}/{blobKey}{Extension}",
            StartTimestampMs = chunks.Min(c => c.FirstTimestampMs), EndTimestampMs = chunks.Max(c => c.LastTimestampMs),
            ChunkCount = chunks.Count, RawByteLength = chunks.Sum(c => c.RawByteLength), Sha256 = "", CreatedAtMs = nowMs,
        };
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            long offset = 0;
            for (var i = 0; i < chunks.Count; i++)
            {
                var c = chunks[i];
                file.Write(c.GzipData);
                hash.AppendData(c.GzipData);
                segment.Chunks.Add(new ColdChunkRow
                {
                    Ordinal = i, ChunkId = c.Id, WindowId = c.WindowId, Sequence = c.Sequence,
                    FirstTimestampMs = c.FirstTimestampMs, LastTimestampMs = c.LastTimestampMs,
                    Offset = offset, Length = c.GzipData.Length, EventCount = c.EventCount, RawByteLength = c.RawByteLength,
                });
                offset += c.GzipData.Length;
                if (i == chunks.Count / 2) { file.Flush(); crash.Reached("temporary file half written"); }
            }
            segment.ByteLength = offset;
            crash.Reached("temporary file written");
            file.Flush(flushToDisk: true);
        }
        segment.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        crash.Reached("temporary file flushed");
        File.Move(temporary, path);
        crash.Reached("renamed");
        DurableFile.FlushDirectory(directory);
        crash.Reached("directory flushed");
        if (ColdSegmentCheck.Verify(path, segment.ByteLength, segment.Sha256) is { } problem)
            throw new IOException($"Segment {blobKey} did not read back intact: {problem}");
        crash.Reached("verified");
        return segment;
    }
}
