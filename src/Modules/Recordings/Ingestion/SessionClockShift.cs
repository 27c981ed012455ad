using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Keeps all of a session's data on one clock offset. Batches are corrected on the request's thread with the best
/// offset known then (<see cref="SessionClock"/>); the writer holds the session's best offset for good
/// (<see cref="RecordingRow.ClockOffsetMs"/>). When a batch was read with another offset than the session's (a faster
/// exchange came meanwhile, or the server restarted), the batch is moved onto the session's offset; when a batch brings
/// a better offset, what the session has stored so far is moved onto it: behaviour events, rrweb events read from the
/// data, hot chunks (their lines rewritten with only the timestamp digits replaced, and compressed again), and the
/// recording's times. Chunks already archived to cold segments (immutable files) keep their offset.
/// </summary>
internal static class SessionClockShift
{
    /// <summary>Moves a batch not yet stored, and remembers that it did (a failed group's batches are stored again).</summary>
    public static void ShiftBatch(PendingBatch batch, long deltaMs)
    {
        batch.AppliedClockOffsetMs += deltaMs;
        foreach (var e in batch.Events) e.TimestampMs += deltaMs;
        batch.Activity?.Shift(deltaMs);
        if (batch.Chunk is { } chunk) ShiftChunk(chunk, deltaMs);
    }

    /// <summary>Moves what the recording has stored, in the writer's transaction.</summary>
    public static void ShiftStored(RecordingsDbContext db, RecordingRow r, long deltaMs)
    {
        if (r.Id != 0)
        {
            db.BehaviorEvents.Where(e => e.RecordingId == r.Id).ExecuteUpdate(s => s.SetProperty(e => e.TimestampMs, e => e.TimestampMs + deltaMs));
            db.ReplayEvents.Where(e => e.RecordingId == r.Id).ExecuteUpdate(s => s.SetProperty(e => e.TimestampMs, e => e.TimestampMs + deltaMs));
            foreach (var chunk in db.SnapshotChunks.AsNoTracking().Where(c => c.RecordingId == r.Id).ToList())
            {
                var before = chunk.RawByteLength;
                ShiftChunk(chunk, deltaMs);
                r.SnapshotBytes += chunk.RawByteLength - before;
                db.SnapshotChunks.Where(c => c.Id == chunk.Id).ExecuteUpdate(s => s
                    .SetProperty(c => c.GzipData, chunk.GzipData).SetProperty(c => c.RawByteLength, chunk.RawByteLength)
                    .SetProperty(c => c.FirstTimestampMs, chunk.FirstTimestampMs).SetProperty(c => c.LastTimestampMs, chunk.LastTimestampMs));
            }
        }
        if (r.TimesFromEvents) (r.StartTimeMs, r.EndTimeMs) = (r.StartTimeMs + deltaMs, r.EndTimeMs + deltaMs);
        if (r.StartUrl is not null) r.StartUrlTimestampMs += deltaMs;
        if (r.LastActivityMs != 0) r.LastActivityMs += deltaMs;
        if (r.ActivitySpans is not null)
            r.ActivitySpans = ActivitySpans.Encode([.. ActivitySpans.Decode(r.ActivitySpans).Select(s => new ActivitySpans.Span(s.StartMs + deltaMs, s.EndMs + deltaMs))]);
    }

    private static void ShiftChunk(SnapshotChunkRow chunk, long deltaMs)
    {
        using var lines = new MemoryStream((int)chunk.RawByteLength);
        using (var gzip = new GZipStream(new MemoryStream(chunk.GzipData), CompressionMode.Decompress)) gzip.CopyTo(lines);
        using var rewritten = new MemoryStream((int)chunk.RawByteLength + 64);
        RrwebLines.Read(lines.GetBuffer().AsSpan(0, (int)lines.Length), chunk.WindowId, ClockCorrection.Shift(deltaMs), new BatchActivity(),
            int.MaxValue, int.MaxValue, rewritten);
        chunk.GzipData = SnapshotChunkBuilder.Gzip(rewritten);
        chunk.RawByteLength = rewritten.Length;
        chunk.FirstTimestampMs += deltaMs;
        chunk.LastTimestampMs += deltaMs;
    }
}
