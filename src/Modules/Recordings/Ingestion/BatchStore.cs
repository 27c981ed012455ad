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

    /// <summary>
    /// Loads, in two queries for the whole group, the recordings it touches and which of its batches were stored
    /// before (a superset is read and matched exactly here), so there is no round trip per batch.
    /// </summary>
    public async Task LoadAsync(IReadOnlyList<PendingBatch> group)
    {
        // Filtering on the environment too lets both queries use the (environment, session, …) indexes.
        var environmentIds = group.Select(b => b.EnvironmentId).Distinct().ToList();
        var sessionIds = group.Select(b => b.SessionId).Distinct().ToList();
        var sequences = group.Where(b => b.Sequence is not null).Select(b => b.Sequence!.Value).Distinct().ToList();
        foreach (var r in await db.Recordings.Where(r => environmentIds.Contains(r.EnvironmentId) && sessionIds.Contains(r.SessionId)).ToListAsync())
            recordings[(r.EnvironmentId, r.SessionId)] = r;
        if (sequences.Count == 0) return;
        var stored = await db.IngestedBatches.AsNoTracking()
            .Where(b => environmentIds.Contains(b.EnvironmentId) && sessionIds.Contains(b.SessionId) && sequences.Contains(b.Sequence))
            .Select(b => new { b.EnvironmentId, b.SessionId, b.WindowId, b.Sequence }).ToListAsync();
        foreach (var b in stored) seen.Add((b.EnvironmentId, b.SessionId, b.WindowId, b.Sequence));
    }

    /// <summary>False when the batch was stored before (a retry): it is then left out.</summary>
    public bool Add(PendingBatch batch)
    {
        if (batch.Sequence is { } sequence)
        {
            if (!seen.Add((batch.EnvironmentId, batch.SessionId, batch.WindowId, sequence))) return false;
            db.IngestedBatches.Add(new IngestedBatchRow
            {
                EnvironmentId = batch.EnvironmentId, SessionId = batch.SessionId, WindowId = batch.WindowId,
                Sequence = sequence, ReceivedAtMs = batch.ReceivedAtMs,
            });
        }
        var recording = Recording(batch);
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
        if (db.ChangeTracker.Entries<RecordingRow>().Any(e => e.State == EntityState.Added)) await db.SaveChangesAsync();
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

    private RecordingRow Recording(PendingBatch batch)
    {
        var key = (batch.EnvironmentId, batch.SessionId);
        if (!recordings.TryGetValue(key, out var recording))
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
            recordings[key] = recording;
        }
        return recording;
    }
}
