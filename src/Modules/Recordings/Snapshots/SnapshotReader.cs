using System.Buffers;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Snapshots;

/// <summary>
/// Reads a recording's snapshot data as the parts a list of sources names: cold segments, then the hot part. Within
/// a part, chunks come in time order (first timestamp, then arrival); each chunk's lines are already in order. Nothing
/// is held in memory beyond one chunk or one segment (or, for gzip, the hot part's stored bytes and the answer's kept
/// copy): hot chunks stream row by row, and a cold file is read whole into a pooled buffer, checked there and sent
/// from it.
/// </summary>
internal sealed class SnapshotReader(RecordingsDbContext db, OneMemberCache oneMembers, IOptions<StorageOptions> options) : IRecordingSnapshots
{
    private readonly string coldDirectory = options.Value.ColdDirectory;

    public async Task<IReadOnlyList<SnapshotSource>?> ListSnapshotSourcesAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var recordingId = await RecordingIdAsync(environmentId, sessionId, ct);
        if (recordingId is null) return null;
        var segments = await SnapshotParts.SegmentsAsync(db, recordingId.Value, ct);
        var sources = segments.Select((s, i) => new SnapshotSource(SnapshotSource.BlobV2, i.ToString(), s.StartTimestampMs, s.EndTimestampMs)).ToList();
        var hot = await db.SnapshotChunks.AsNoTracking().Where(c => c.RecordingId == recordingId)
            .GroupBy(c => c.RecordingId)
            .Select(g => new { Start = g.Min(c => c.FirstTimestampMs), End = g.Max(c => c.LastTimestampMs) })
            .FirstOrDefaultAsync(ct);
        if (hot is not null)
            sources.Add(new SnapshotSource(SnapshotSource.BlobV2, (SnapshotSource.HotKeyBase + segments.Count).ToString(), hot.Start, hot.End));
        return sources;
    }

    public async Task<SnapshotReadResult> WriteSnapshotSourceAsync(
        int environmentId, string sessionId, string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct)
    {
        var recordingId = await RecordingIdAsync(environmentId, sessionId, ct);
        if (recordingId is null) return SnapshotReadResult.NotFound("No such recording.");
        var (parts, problem) = await SnapshotParts.ResolveAsync(db, recordingId.Value, source, blobKey, ct);
        if (parts is null) return SnapshotReadResult.NotFound(problem!);
        return encoding == SnapshotEncoding.Lines
            ? await WriteLinesAsync(recordingId.Value, parts, destination, null, ct)
            : await WriteOneMemberAsync(recordingId.Value, parts, destination, ct);
    }

    /// <summary>
    /// The parts as one gzip member. A kept copy is named by the exact bytes it was made from (segment keys never
    /// change and are never reused; the hot part by the checksum of its stored members), so it cannot go stale.
    /// </summary>
    private async Task<SnapshotReadResult> WriteOneMemberAsync(long recordingId, SnapshotParts parts, Stream destination, CancellationToken ct)
    {
        MemoryStream? hot = null;
        var names = parts.Segments.Select(s => s.BlobKey).ToList();
        if (parts.Hot)
        {
            hot = new MemoryStream();
            await foreach (var member in HotMembers(recordingId).WithCancellation(ct)) hot.Write(member);
            names.Add("realtime/" + ColdSegmentCheck.ChecksumOf(hot.GetBuffer().AsSpan(0, (int)hot.Length)));
        }
        var key = OneMemberCache.Key(recordingId, string.Join('+', names));
        if (oneMembers.Get(key) is { } copy)
        {
            await destination.WriteAsync(copy, ct);
            return SnapshotReadResult.Found;
        }
        var kept = new MemoryStream();
        SnapshotReadResult result;
        await using (var oneMember = new GZipStream(new CopyingStream(destination, kept), CompressionLevel.Fastest))
            result = await WriteLinesAsync(recordingId, parts, oneMember, hot, ct);
        if (result.Status == SnapshotReadStatus.Found) oneMembers.Add(key, kept.ToArray());
        return result;
    }

    /// <summary>Every part's lines into <paramref name="target"/>; the hot part from <paramref name="hotMembers"/> when already read.</summary>
    private async Task<SnapshotReadResult> WriteLinesAsync(long recordingId, SnapshotParts parts, Stream target, MemoryStream? hotMembers, CancellationToken ct)
    {
        // With more than one part, every cold file is checked before the first byte is sent, so a damaged one gives a
        // clear error instead of a cut-off answer. A single file is checked in the same read that sends it.
        if (parts.Segments.Count + (parts.Hot ? 1 : 0) > 1)
            foreach (var segment in parts.Segments)
                if (Check(segment) is { } damaged) return damaged;
        var first = true;
        foreach (var segment in parts.Segments)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(checked((int)segment.ByteLength));
            try
            {
                if (Verify(segment, bytes) is { } problem)
                {
                    // Checked before anything was sent, or changed since the check (then the answer must not end as if whole).
                    if (first) return problem;
                    throw new IOException(problem.Message);
                }
                await InflateAsync(new MemoryStream(bytes, 0, (int)segment.ByteLength, writable: false), target, ct);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
            first = false;
        }
        if (!parts.Hot) return SnapshotReadResult.Found;
        if (hotMembers is not null)
        {
            await InflateAsync(new MemoryStream(hotMembers.GetBuffer(), 0, (int)hotMembers.Length, writable: false), target, ct);
            return SnapshotReadResult.Found;
        }
        await foreach (var member in HotMembers(recordingId).WithCancellation(ct))
            await InflateAsync(new MemoryStream(member, writable: false), target, ct);
        return SnapshotReadResult.Found;
    }

    private IAsyncEnumerable<byte[]> HotMembers(long recordingId) =>
        db.SnapshotChunks.AsNoTracking().Where(c => c.RecordingId == recordingId)
            .OrderBy(c => c.FirstTimestampMs).ThenBy(c => c.Id).Select(c => c.GzipData).AsAsyncEnumerable();

    private SnapshotReadResult? Check(ColdSegmentRow segment)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(checked((int)segment.ByteLength));
        try
        {
            return Verify(segment, bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Reads the file whole into <paramref name="bytes"/> and checks its length and checksum against the index.</summary>
    private SnapshotReadResult? Verify(ColdSegmentRow segment, byte[] bytes) =>
        ColdSegmentCheck.Verify(Path.Combine(coldDirectory, segment.RelativePath), segment.ByteLength, segment.Checksum, bytes) is { } problem
            ? SnapshotReadResult.Corrupt($"Blob '{segment.BlobKey}' ({segment.StartTimestampMs}–{segment.EndTimestampMs}) cannot be read: {problem}.")
            : null;

    // GZipStream reads concatenated members one after another, each checked against its CRC-32 and length.
    private static async Task InflateAsync(Stream members, Stream destination, CancellationToken ct)
    {
        await using var inflate = new GZipStream(members, CompressionMode.Decompress);
        await inflate.CopyToAsync(destination, ct);
    }

    private async Task<long?> RecordingIdAsync(int environmentId, string sessionId, CancellationToken ct) =>
        await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
}
