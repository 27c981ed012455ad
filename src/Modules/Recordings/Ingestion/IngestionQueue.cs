using Modules.Recordings.Contracts;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// The bounded queue in front of the single writer. It is how overload shows: when all environments together, or
/// one environment alone, have too many batches waiting, the batch is refused with 503 + Retry-After instead of
/// queueing without bound (one busy site cannot starve the others).
/// </summary>
internal sealed class IngestionQueue(IOptions<IngestionLimits> options)
{
    private readonly IngestionLimits limits = options.Value;
    private readonly ConcurrentDictionary<int, StrongBox> pendingByEnvironment = new();
    private readonly Channel<PendingBatch> channel = Channel.CreateBounded<PendingBatch>(
        new BoundedChannelOptions(options.Value.MaxPendingBatches) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<PendingBatch> Reader => channel.Reader;

    /// <summary>Batches queued and not yet taken by the writer.</summary>
    public int Depth => channel.Reader.Count;

    /// <summary>Queues the batch and waits until it is committed; true when stored, false when it was a duplicate.</summary>
    public async Task<bool> StoreAsync(PendingBatch batch)
    {
        var pending = pendingByEnvironment.GetOrAdd(batch.EnvironmentId, _ => new StrongBox());
        if (Interlocked.Increment(ref pending.Value) > limits.MaxPendingBatchesPerEnvironment)
        {
            Interlocked.Decrement(ref pending.Value);
            throw Overloaded("This environment is sending faster than the server stores.");
        }
        try
        {
            if (!channel.Writer.TryWrite(batch)) throw Overloaded("The server is busy storing other batches.");
            // Not cancellable on purpose: once queued, the batch is stored even if the client went away.
            return await batch.Stored.Task;
        }
        finally
        {
            Interlocked.Decrement(ref pending.Value);
        }
    }

    /// <summary>No more batches: the writer stores what is queued and stops.</summary>
    public void Complete() => channel.Writer.TryComplete();

    private static IngestionRejected Overloaded(string detail) =>
        new(IngestionRefusal.Overloaded, "overloaded", detail + " Retry after the time in Retry-After.") { RetryAfter = TimeSpan.FromSeconds(2) };

    private sealed class StrongBox
    {
        public int Value;
    }
}
