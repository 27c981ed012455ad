namespace Modules.Recordings.Ingestion;

/// <summary>The limits every ingestion request is held to (bound from the "Ingestion" configuration section).</summary>
internal sealed class IngestionLimits
{
    /// <summary>The body as sent (compressed or not).</summary>
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;
    /// <summary>The body after gzip; a gzip bomb stops here without the rest ever being inflated.</summary>
    public long MaxDecompressedBytes { get; set; } = 48 * 1024 * 1024;
    /// <summary>
    /// Request bodies (as sent and inflated) held at once by all ingestion requests together; past it a request gets 503
    /// + Retry-After. Inflating runs in at most one CPU slot per core, so the inflated part is that many times the cap at most.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = 128 * 1024 * 1024;
    public int MaxEventsPerBatch { get; set; } = 5000;
    public int MaxIdLength { get; set; } = 128;
    /// <summary>How far (after clock correction) an event may lie in the past: a retried batch may be days old.</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(3);
    public TimeSpan MaxEventFuture { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Batches of one environment waiting for the writer; past this the environment gets 503 + Retry-After.</summary>
    public int MaxPendingBatchesPerEnvironment { get; set; } = 256;
    /// <summary>Batches of all environments waiting for the writer.</summary>
    public int MaxPendingBatches { get; set; } = 1024;
    /// <summary>How many batches (and bytes) the writer commits in one transaction at most.</summary>
    public int MaxBatchesPerTransaction { get; set; } = 256;
    public long MaxBytesPerTransaction { get; set; } = 32 * 1024 * 1024;
}
