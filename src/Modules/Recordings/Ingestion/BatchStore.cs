using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Adds a group of batches to one unit of work: skips the ones stored before (by session, window and sequence),
/// creates or updates each session's recording once, then inserts all events and chunks together.
/// </summary>
internal sealed class BatchStore(RecordingsDbContext db)
{
    private readonly Dictionary<(int, string), RecordingRow> recordings = [];
    private readonly HashSet<(int, string, string, long)> seen = [];
    private readonly List<(RecordingRow Recording, PendingBatch Batch)> rows = [];

    /// <summary>False when the batch was stored before (a retry): it is then left out.</summary>
    public async Task<bool> AddAsync(PendingBatch batch)
    {
        if (batch.Sequence is { } sequence)
        {
            var key = (batch.EnvironmentId, batch.SessionId, batch.WindowId, sequence);
            if (!seen.Add(key) || await db.IngestedBatches.AnyAsync(b => b.EnvironmentId == batch.EnvironmentId
                    && b.SessionId == batch.SessionId && b.WindowId == batch.WindowId && b.Sequence == sequence))
                return false;
            db.IngestedBatches.Add(new IngestedBatchRow
            {
                EnvironmentId = batch.EnvironmentId, SessionId = batch.SessionId, WindowId = batch.WindowId,
                Sequence = sequence, ReceivedAtMs = batch.ReceivedAtMs,
            });
        }
        var recording = await RecordingAsync(batch);
        if (batch.Playback && recording.TrackingMode != "playback")
        {
            // There is no way back: a recording only ever moves to playback, and remembers when it did.
            recording.TrackingMode = "playback";
            recording.PlaybackStartedAtMs = batch.ReceivedAtMs;
        }
        if (batch.Activity is { } activity) RecordingMetadata.Apply(recording, activity);
        recording.BrowserInfo ??= batch.UserAgent is { Length: > 512 } ua ? ua[..512] : batch.UserAgent;
        recording.SnapshotBytes += batch.Chunk?.RawByteLength ?? 0;
        rows.Add((recording, batch));
        return true;
    }

    public async Task SaveAsync()
    {
        // New recordings get their ids here, so the events and chunks can point at them.
        await db.SaveChangesAsync();
        foreach (var (recording, batch) in rows)
        {
            foreach (var e in batch.Events) e.RecordingId = recording.Id;
            db.BehaviorEvents.AddRange(batch.Events);
            if (batch.Chunk is { } chunk)
            {
                chunk.RecordingId = recording.Id;
                db.SnapshotChunks.Add(chunk);
            }
        }
        await db.SaveChangesAsync();
    }

    private async Task<RecordingRow> RecordingAsync(PendingBatch batch)
    {
        var key = (batch.EnvironmentId, batch.SessionId);
        if (recordings.TryGetValue(key, out var known)) return known;
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.EnvironmentId == batch.EnvironmentId && r.SessionId == batch.SessionId);
        if (recording is null)
        {
            recording = new RecordingRow
            {
                EnvironmentId = batch.EnvironmentId,
                SessionId = batch.SessionId,
                TrackingMode = "behavior",
                StartTimeMs = batch.Activity is { HasEvents: true } ? 0 : batch.ReceivedAtMs,
                EndTimeMs = batch.Activity is { HasEvents: true } ? 0 : batch.ReceivedAtMs,
                CreatedAtMs = batch.ReceivedAtMs,
            };
            db.Recordings.Add(recording);
        }
        recordings[key] = recording;
        return recording;
    }
}
