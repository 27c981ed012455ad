using System.Buffers;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Snapshots;

/// <summary>
/// Reads a recording's snapshot data as its sources: each cold segment, then the hot part. Within a source, chunks
/// come in time order (first timestamp, then arrival); each chunk's lines are already in order. Nothing is held in
/// memory beyond one chunk or one segment: hot chunks stream row by row, and a cold file is read whole into a pooled
/// buffer, checked there and sent from it.
/// </summary>
internal sealed class SnapshotReader(RecordingsDbContext db, OneMemberCache oneMembers, IOptions<StorageOptions> options)
{
    private readonly string coldDirectory = options.Value.ColdDirectory;

    public async Task<IReadOnlyList<SnapshotSource>?> ListSourcesAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var recordingId = await RecordingIdAsync(environmentId, sessionId, ct);
        if (recordingId is null) return null;
        var sources = await db.ColdSegments.AsNoTracking().Where(s => s.RecordingId == recordingId)
            .OrderBy(s => s.StartTimestampMs).ThenBy(s => s.Id)
            .Select(s => new SnapshotSource(SnapshotSource.Blob, s.BlobKey, s.StartTimestampMs, s.EndTimestampMs))
            .ToListAsync(ct);
        var hot = await db.SnapshotChunks.AsNoTracking().Where(c => c.RecordingId == recordingId)
            .GroupBy(c => c.RecordingId)
            .Select(g => new { Start = g.Min(c => c.FirstTimestampMs), End = g.Max(c => c.LastTimestampMs) })
            .FirstOrDefaultAsync(ct);
        if (hot is not null) sources.Add(new SnapshotSource(SnapshotSource.Realtime, null, hot.Start, hot.End));
        return sources;
    }

    public async Task<SnapshotReadResult> WriteAsync(
        int environmentId, string sessionId, string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct)
    {
        var recordingId = await RecordingIdAsync(environmentId, sessionId, ct);
        if (recordingId is null) return SnapshotReadResult.NotFound("No such recording.");
        return source switch
        {
            SnapshotSource.Realtime => await WriteHotAsync(recordingId.Value, destination, encoding, ct),
            SnapshotSource.Blob when blobKey is { Length: > 0 } => await WriteColdAsync(recordingId.Value, blobKey, destination, encoding, ct),
            SnapshotSource.Blob => SnapshotReadResult.NotFound("A blob source needs its blob_key."),
            _ => SnapshotReadResult.NotFound($"Unknown source '{source}': use 'blob' or 'realtime'."),
        };
    }

    private async Task<SnapshotReadResult> WriteHotAsync(long recordingId, Stream destination, SnapshotEncoding encoding, CancellationToken ct)
    {
        if (encoding == SnapshotEncoding.OneGzipMember)
        {
            // The hot part changes with every batch, so its one-member form is kept under the checksum of the stored
            // bytes it is made from: a new batch makes a new key, and an old form is never served for new data.
            var stored = new MemoryStream();
            await WriteHotAsync(recordingId, stored, SnapshotEncoding.StoredGzip, ct);
            var bytes = stored.GetBuffer();
            var length = (int)stored.Length;
            var key = OneMemberCache.Key(recordingId, "realtime/" + ColdSegmentCheck.ChecksumOf(bytes.AsSpan(0, length)));
            if (!await TrySendKeptAsync(key, destination, ct)) await SendAndKeepOneMemberAsync(key, bytes, length, destination, ct);
            return SnapshotReadResult.Found;
        }
        var chunks = db.SnapshotChunks.AsNoTracking().Where(c => c.RecordingId == recordingId)
            .OrderBy(c => c.FirstTimestampMs).ThenBy(c => c.Id).Select(c => c.GzipData).AsAsyncEnumerable();
        await foreach (var member in chunks.WithCancellation(ct))
        {
            if (encoding == SnapshotEncoding.StoredGzip)
            {
                await destination.WriteAsync(member, ct);
                continue;
            }
            await using var inflate = new GZipStream(new MemoryStream(member, writable: false), CompressionMode.Decompress);
            await inflate.CopyToAsync(destination, ct);
        }
        return SnapshotReadResult.Found;
    }

    private async Task<SnapshotReadResult> WriteColdAsync(long recordingId, string blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct)
    {
        var segment = await db.ColdSegments.AsNoTracking().FirstOrDefaultAsync(s => s.RecordingId == recordingId && s.BlobKey == blobKey, ct);
        if (segment is null) return SnapshotReadResult.NotFound($"The recording has no blob '{blobKey}'.");
        var key = OneMemberCache.Key(recordingId, blobKey);
        // A kept form is sent without even reading the file.
        if (encoding == SnapshotEncoding.OneGzipMember && await TrySendKeptAsync(key, destination, ct)) return SnapshotReadResult.Found;
        var path = Path.Combine(coldDirectory, segment.RelativePath);
        // Read and checked whole before the first byte is sent, so a damaged file gives a clear error instead of a
        // cut-off answer; the checked bytes are what is sent.
        var bytes = ArrayPool<byte>.Shared.Rent(checked((int)segment.ByteLength));
        try
        {
            if (ColdSegmentCheck.Verify(path, segment.ByteLength, segment.Checksum, bytes) is { } problem)
                return SnapshotReadResult.Corrupt($"Blob '{blobKey}' ({segment.StartTimestampMs}–{segment.EndTimestampMs}) cannot be read: {problem}.");
            var file = bytes.AsMemory(0, (int)segment.ByteLength);
            switch (encoding)
            {
                case SnapshotEncoding.StoredGzip:
                    // The file is the chunks' gzip members back to back: a valid gzip stream, sent without recompression.
                    await destination.WriteAsync(file, ct);
                    break;
                case SnapshotEncoding.OneGzipMember:
                    await SendAndKeepOneMemberAsync(key, bytes, file.Length, destination, ct);
                    break;
                default:
                    await InflateAsync(bytes, file.Length, destination, ct);
                    break;
            }
            return SnapshotReadResult.Found;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Sends the kept one-member form under <paramref name="key"/>; false when none is kept.</summary>
    private async Task<bool> TrySendKeptAsync(string key, Stream destination, CancellationToken ct)
    {
        if (oneMembers.Get(key) is not { } copy) return false;
        await destination.WriteAsync(copy, ct);
        return true;
    }

    /// <summary>The gzip members decompressed and compressed again as one, sent as they are compressed and kept.</summary>
    private async Task SendAndKeepOneMemberAsync(string key, byte[] members, int length, Stream destination, CancellationToken ct)
    {
        var kept = new MemoryStream(length * 2);
        await using (var oneMember = new GZipStream(new CopyingStream(destination, kept), CompressionLevel.Fastest))
            await InflateAsync(members, length, oneMember, ct);
        oneMembers.Add(key, kept.ToArray());
    }

    // GZipStream reads concatenated members one after another.
    private static async Task InflateAsync(byte[] members, int length, Stream destination, CancellationToken ct)
    {
        await using var inflate = new GZipStream(new MemoryStream(members, 0, length, writable: false), CompressionMode.Decompress);
        await inflate.CopyToAsync(destination, ct);
    }

    private async Task<long?> RecordingIdAsync(int environmentId, string sessionId, CancellationToken ct) =>
        await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
}
