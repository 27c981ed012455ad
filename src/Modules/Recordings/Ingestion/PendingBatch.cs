using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// One unit of work for the writer: a validated batch (or, without a sequence, just a session's mode at the start of
/// a page or of playback). <see cref="Stored"/> completes only after the transaction holding it has committed.
/// </summary>
internal sealed class PendingBatch
{
    public required int EnvironmentId { get; init; }
    public required string SessionId { get; init; }
    public required string WindowId { get; init; }
    /// <summary>Null for a session mark, which is never deduplicated.</summary>
    public long? Sequence { get; init; }
    public required bool Playback { get; init; }
    public required long ReceivedAtMs { get; init; }
    public string? UserAgent { get; init; }
    public List<BehaviorEventRow> Events { get; init; } = [];
    public SnapshotChunkRow? Chunk { get; init; }
    public BatchActivity? Activity { get; init; }
    /// <summary>The request's <c>now − sent_at</c>, when it carried <c>sent_at</c> (kept as the session's smallest).</summary>
    public long? ObservedClockOffsetMs { get; init; }
    /// <summary>
    /// What the batch's timestamps are moved by: the session's best offset when it was read, then whatever the writer
    /// moved it onto (<see cref="SessionClockShift.ShiftBatch"/>), so a batch stored again after its group failed is
    /// not moved twice.
    /// </summary>
    public long AppliedClockOffsetMs { get; set; }
    public long Bytes => Chunk?.GzipData.Length ?? 0;

    /// <summary>True once stored; false when the same (session, window, sequence) had been stored before.</summary>
    public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
