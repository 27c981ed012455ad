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
    /// <remarks>
    /// On PostgreSQL the statements go in three <see cref="RowBatch"/>es (claims; new recordings; the rest), so a group
    /// costs a few round trips whatever its size; on SQLite each runs as it is added.
    /// </remarks>
    public async Task<bool[]> StoreAsync(IReadOnlyList<PendingBatch> group)
    {
        await LoadRecordingsAsync(group);
        var stored = new bool[group.Count];
        using (var claims = new RowInserter<IngestedBatchRow>(db, onConflictDoNothing: true))
        using (var batch = new RowBatch(db))
        {
            var claimed = group.Select(b => Claim(claims, batch, b)).ToArray();
            await batch.ExecuteAsync();
            for (var i = 0; i < group.Count; i++)
                if (stored[i] = claimed[i] is not { } at || batch.Answer(at) == 1) Add(group[i]);
        }
        // New recordings get their ids here, the others their new metadata: one statement per recording.
        touched.ExceptWith(created);
        using (var inserts = new RowInserter<RecordingRow>(db, returningKey: true))
        using (var batch = new RowBatch(db))
        {
            var at = created.Select(r => inserts.Add(batch, r)).ToArray();
            await batch.ExecuteAsync();
            for (var i = 0; i < created.Count; i++) created[i].Id = batch.Answer(at[i]);
        }
        using var updates = new RowUpdater<RecordingRow>(db);
        using var events = new RowInserter<BehaviorEventRow>(db);
        using var chunks = new RowInserter<SnapshotChunkRow>(db);
        using var replayEvents = new RowInserter<ReplayEventRow>(db);
        using var rest = new RowBatch(db);
        var updated = touched.Select(r => (Recording: r, At: updates.Add(rest, r))).ToList();
        foreach (var (recording, batch) in rows)
        {
            foreach (var e in batch.Events)
            {
                e.RecordingId = recording.Id;
                events.Add(rest, e);
            }
            foreach (var e in batch.Activity?.ReplayEvents ?? [])
            {
                e.RecordingId = recording.Id;
                replayEvents.Add(rest, e);
            }
            if (batch.Chunk is { } chunk)
            {
                chunk.RecordingId = recording.Id;
                chunks.Add(rest, chunk);
            }
        }
        await rest.ExecuteAsync();
        foreach (var (r, at) in updated)
            if (rest.Answer(at) != 1) throw new InvalidOperationException($"Recording {r.Id} was deleted while its batch was stored.");
        return stored;
    }

    /// <summary>
    /// The recordings the group touches. On SQLite each by a compiled query on the unique (environment, session) index
    /// (in the process, a query costs no round trip; a LINQ <c>Contains</c> over the group's ids would make EF Core
    /// generate its SQL again on every execution). On PostgreSQL, where each query is a round trip, one per
    /// environment with its sessions as one array parameter (<c>= ANY</c>), so one SQL text.
    /// </summary>
    private async Task LoadRecordingsAsync(IReadOnlyList<PendingBatch> group)
    {
        if (Modules.Data.ProviderMigrationsAssembly.IsPostgres(db.Database.ProviderName))
        {
            foreach (var environment in group.GroupBy(b => b.EnvironmentId))
            {
                var sessionIds = environment.Select(b => b.SessionId).Distinct().ToArray();
                foreach (var r in await db.Recordings.AsNoTracking()
                             .Where(r => r.EnvironmentId == environment.Key && EF.Parameter(sessionIds).Contains(r.SessionId)).ToListAsync())
                    recordings[(r.EnvironmentId, r.SessionId)] = r;
            }
            return;
        }
        foreach (var key in group.Select(b => (b.EnvironmentId, b.SessionId)).Distinct())
            if (await FindRecording(db, key.EnvironmentId, key.SessionId) is { } r) recordings[key] = r;
    }

    // SQLite's only: a compiled query is bound to the model it was first run with, and SQLite's and PostgreSQL's
    // models differ (a process holding hosts on both, as the tests do, would otherwise fail on PostgreSQL).
    private static readonly Func<RecordingsDbContext, int, string, Task<RecordingRow?>> FindRecording = EF.CompileAsyncQuery(
        (RecordingsDbContext db, int environmentId, string sessionId) =>
            db.Recordings.AsNoTracking().FirstOrDefault(r => r.EnvironmentId == environmentId && r.SessionId == sessionId));

    /// <summary>
    /// The claim of the batch's key, in the batch (its index there), or null for a batch without one; the claim answers
    /// 0 rows when the key was stored before, by an earlier group or earlier in this one.
    /// </summary>
    private static int? Claim(RowInserter<IngestedBatchRow> claims, RowBatch batch, PendingBatch pending) =>
        pending.Sequence is not { } sequence ? null : claims.Add(batch, new IngestedBatchRow
        {
            EnvironmentId = pending.EnvironmentId, SessionId = pending.SessionId, WindowId = pending.WindowId,
            Sequence = sequence, ReceivedAtMs = pending.ReceivedAtMs,
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
