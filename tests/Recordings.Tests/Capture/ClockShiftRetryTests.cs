using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Modules.Recordings.Data;
using Modules.Recordings.Ingestion;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>
/// The writer stores a group of batches in one transaction and, when that fails, each batch again on its own. A batch
/// moved onto its session's clock offset in the failed attempt must not be moved a second time in the next.
/// </summary>
public sealed class ClockShiftRetryTests
{
    private const long T = 1_790_000_000_000;

    [Fact]
    public async Task A_batch_stored_again_after_its_group_failed_is_moved_onto_the_sessions_clock_once()
    {
        await using var app = new RecordingsApp();
        // The session's first batch: its client's clock a minute slow, its timestamps moved by that minute.
        await StoreAsync(app, Batch(1, observed: 60_000, applied: 60_000, at: T + 60_000), commit: true);
        // A batch read before that offset was known (none applied): the writer moves it by the session's minute, in a
        // group that then fails (rolled back), and stores it again on its own.
        var second = Batch(2, observed: 90_000, applied: 0, at: T + 1_000);
        await StoreAsync(app, second, commit: false);
        await StoreAsync(app, second, commit: true);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var times = await db.BehaviorEvents.OrderBy(e => e.Id).Select(e => e.TimestampMs).ToListAsync();
        Assert.Equal([T + 60_000, T + 61_000], times);
    }

    private static PendingBatch Batch(long sequence, long observed, long applied, long at) => new()
    {
        EnvironmentId = 1, SessionId = "retried", WindowId = "w", Sequence = sequence, Playback = false, ReceivedAtMs = T + 120_000,
        ObservedClockOffsetMs = observed, AppliedClockOffsetMs = applied,
        Events = [new BehaviorEventRow { WindowId = "w", TimestampMs = at, Type = "click" }],
    };

    /// <summary>What the writer does with a group of one: a transaction, the store, then commit (or a failure: rollback).</summary>
    private static async Task StoreAsync(RecordingsApp app, PendingBatch batch, bool commit)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var stored = await new BatchStore(db).StoreAsync([batch]);
        Assert.True(stored.Single());
        if (commit) await tx.CommitAsync();
        else await tx.RollbackAsync();
    }
}
