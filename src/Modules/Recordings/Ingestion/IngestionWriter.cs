using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modules.Recordings.Data;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// The single writer: takes every batch that is waiting, stores them all in one transaction and only then completes
/// each one, so an acknowledged batch is committed and SQLite sees one writer with few, large transactions.
/// </summary>
internal sealed class IngestionWriter(
    IngestionQueue queue, IServiceScopeFactory scopes, IOptions<IngestionLimits> options, ILogger<IngestionWriter> log,
    Telemetry.RecordingsMetrics metrics)
    : BackgroundService
{
    private readonly IngestionLimits limits = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On shutdown the queue is completed and drained: queued batches are still stored before the host stops.
        await using var _ = stoppingToken.Register(queue.Complete);
        var group = new List<PendingBatch>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            long bytes = 0;
            while (group.Count < limits.MaxBatchesPerTransaction && bytes < limits.MaxBytesPerTransaction
                   && queue.Reader.TryRead(out var batch))
            {
                group.Add(batch);
                bytes += batch.Bytes;
            }
            await StoreGroupAsync(group);
        }
    }

    private async Task StoreGroupAsync(List<PendingBatch> group)
    {
        try
        {
            var results = await StoreAsync(group);
            for (var i = 0; i < group.Count; i++) group[i].Stored.TrySetResult(results[i]);
        }
        catch (Exception e) when (group.Count > 1)
        {
            // One bad batch (or a conflict with another node) must not fail the others: store them one by one.
            log.LogWarning(e, "Storing {Count} batches together failed; storing them one by one", group.Count);
            foreach (var batch in group) await StoreGroupAsync([batch]);
        }
        catch (Exception e)
        {
            log.LogError(e, "Storing a batch of session {Session} failed", group[0].SessionId);
            group[0].Stored.TrySetException(e);
        }
    }

    private async Task<bool[]> StoreAsync(List<PendingBatch> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var tx = await db.Database.BeginTransactionAsync();
        var results = await new BatchStore(db).StoreAsync(group);
        await tx.CommitAsync();
        metrics.WriterCommitted(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return results;
    }
}
