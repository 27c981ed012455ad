using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Stores a group of batches inside the writer's transaction: each batch's (session, window, sequence) is claimed
/// with an insert that skips a key stored before (a retry), each touched recording is read once and written once, and
/// the many events and chunks go in through prepared statements (EF Core's tracking cost more than the rows).
/// </summary>
internal sealed class BatchStore(RecordingsDbContext db)
{
    private readonly Dictionary<(int, string), RecordingRow> recordings = [];
    private readonly List<RecordingRow> created = [];
    private readonly HashSet<RecordingRow> touched = [];
    private readonly List<(RecordingRow Recording, PendingBatch Batch)> rows = [];

    /// <summary>Stores the group; for each batch, false when it was stored before and is therefore left out.</summary>
    public async Task<bool[]> StoreAsync(IReadOnlyList<PendingBatch> group)
    {
        await LoadRecordingsAsync(group);
        var stored = new bool[group.Count];
        using (var claims = new RowInserter<IngestedBatchRow>(db, onConflictDoNothing: true))
            for (var i = 0; i < group.Count; i++)
                if (stored[i] = Claim(claims, group[i])) Add(group[i]);
        // New recordings get their ids here, the others their new metadata: one statement per recording.
        touched.ExceptWith(created);
        using (var inserts = new RowInserter<RecordingRow>(db, returningKey: true))
            foreach (var r in created) r.Id = inserts.InsertReturningKey(r);
        using (var updates = new RowUpdater<RecordingRow>(db))
            foreach (var r in touched)
                if (!updates.Update(r)) throw new InvalidOperationException($"Recording {r.Id} was deleted while its batch was stored.");
        using var events = new RowInserter<BehaviorEventRow>(db);
        using var chunks = new RowInserter<SnapshotChunkRow>(db);
        using var replayEvents = new RowInserter<ReplayEventRow>(db);
        foreach (var (recording, batch) in rows)
        {
            foreach (var e in batch.Events)
            {
                e.RecordingId = recording.Id;
                events.Insert(e);
            }
            foreach (var e in batch.Activity?.ReplayEvents ?? [])
            {
                e.RecordingId = recording.Id;
                replayEvents.Insert(e);
            }
            if (batch.Chunk is { } chunk)
            {
                chunk.RecordingId = recording.Id;
                chunks.Insert(chunk);
            }
        }
        return stored;
    }

    /// <summary>
    /// The recordings the group touches, each by a compiled query on the unique (environment, session) index: a
    /// LINQ <c>Contains</c> over the group's ids would make EF Core generate its SQL again on every execution.
    /// </summary>
    private async Task LoadRecordingsAsync(IReadOnlyList<PendingBatch> group)
    {
        foreach (var key in group.Select(b => (b.EnvironmentId, b.SessionId)).Distinct())
            if (await FindRecordingFor(db)(db, key.EnvironmentId, key.SessionId) is { } r) recordings[key] = r;
    }

    // One per provider: a compiled query is bound to the model it was first run with, and SQLite's and PostgreSQL's
    // models differ (a process holding hosts on both, as the tests do, would otherwise fail on the second).
    private static readonly Func<RecordingsDbContext, int, string, Task<RecordingRow?>>[] FindRecordingByProvider = [EF.CompileAsyncQuery(
        (RecordingsDbContext db, int environmentId, string sessionId) =>
            db.Recordings.AsNoTracking().FirstOrDefault(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)), EF.CompileAsyncQuery(
        (RecordingsDbContext db, int environmentId, string sessionId) =>
            db.Recordings.AsNoTracking().FirstOrDefault(r => r.EnvironmentId == environmentId && r.SessionId == sessionId))];

    private static Func<RecordingsDbContext, int, string, Task<RecordingRow?>> FindRecordingFor(RecordingsDbContext db) => FindRecordingByProvider[Modules.Data.ProviderMigrationsAssembly.IsPostgres(db.Database.ProviderName) ? 1 : 0];

    /// <summary>False when the batch's key was stored before, by an earlier group or earlier in this one.</summary>
    private static bool Claim(RowInserter<IngestedBatchRow> claims, PendingBatch batch) =>
        batch.Sequence is not { } sequence || claims.Insert(new IngestedBatchRow
        {
            EnvironmentId = batch.EnvironmentId, SessionId = batch.SessionId, WindowId = batch.WindowId,
            Sequence = sequence, ReceivedAtMs = batch.ReceivedAtMs,
        });

    private void Add(PendingBatch batch)
    {
        var recording = Recording(batch);
        if (batch.Playback && recording.TrackingMode != "playback")
        {
            // There is no way back: a recording only ever moves to playback, and remembers when it did.
            recording.TrackingMode = "playback";
            recording.PlaybackStartedAtMs = batch.ReceivedAtMs;
        }
        AlignClock(recording, batch);
        if (batch.Activity is { } activity) RecordingMetadata.Apply(recording, activity, batch.WindowId);
        recording.BrowserInfo ??= batch.UserAgent is { Length: > 512 } ua ? ua[..512] : batch.UserAgent;
        recording.SnapshotBytes += batch.Chunk?.RawByteLength ?? 0;
        rows.Add((recording, batch));
        touched.Add(recording);
    }

    /// <summary>
    /// Puts the batch and what the session stored before on the session's best clock offset (see <see cref="SessionClockShift"/>).
    /// Recordings from before offsets were kept (none known) start from the first batch that has one.
    /// </summary>
    private void AlignClock(RecordingRow recording, PendingBatch batch)
    {
        if (batch.ObservedClockOffsetMs is not { } observed) return;
        var known = recording.ClockOffsetMs;
        var best = Math.Min(known ?? observed, observed);
        var target = ClockCorrection.OffsetFor(best);
        if (known is { } k && ClockCorrection.OffsetFor(k) is var before && before != target)
        {
            SessionClockShift.ShiftStored(db, recording, target - before);
            foreach (var (r, earlier) in rows)
                if (r == recording) SessionClockShift.ShiftBatch(earlier, target - before);
        }
        if (batch.Sequence is not null && batch.AppliedClockOffsetMs != target) SessionClockShift.ShiftBatch(batch, target - batch.AppliedClockOffsetMs);
        recording.ClockOffsetMs = best;
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
                // Stand-ins until the session's first events set both (see RecordingMetadata).
                StartTimeMs = batch.ReceivedAtMs,
                EndTimeMs = batch.ReceivedAtMs,
                TimesFromEvents = false,
                CreatedAtMs = batch.ReceivedAtMs,
            };
            created.Add(recording);
            recordings[key] = recording;
        }
        return recording;
    }
}
