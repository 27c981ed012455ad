using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>A batch read and validated in full, with its chunk already built and compressed.</summary>
internal sealed record ParsedBatch(
    SdkRequest Sdk, long Sequence, List<BehaviorEventRow> Events, SnapshotChunkRow? Chunk, BatchActivity Activity)
{
    /// <summary>
    /// Inflates, parses and validates the body, then builds the snapshot chunk; any problem throws
    /// <see cref="IngestionRejected"/>. Pure CPU work: the caller holds a CPU slot for it.
    /// </summary>
    public static ParsedBatch Read(ReadOnlyMemory<byte> raw, string? contentEncoding, IngestionLimits limits, long nowMs)
    {
        var body = RequestBody.Inflate(raw, contentEncoding, limits);
        using var doc = SdkRequest.ParseBody(body);
        var root = doc.RootElement;
        var sdk = SdkRequest.From(root, limits);
        var sequence = SdkRequest.RequiredLong(root, "sequence");
        if (sequence < 0) throw IngestionRejected.Invalid("sequence must not be negative.", "sequence");
        var time = new ClockCorrection(SdkRequest.RequiredLong(root, "sent_at"), nowMs, limits);
        var events = SdkRequest.OptionalArray(root, "events");
        var snapshots = SdkRequest.OptionalArray(root, "snapshots");
        if (events.GetArrayLength() + snapshots.GetArrayLength() > limits.MaxEventsPerBatch)
            throw new IngestionRejected(413, "too_many_events", $"A batch may hold at most {limits.MaxEventsPerBatch} events.");

        var activity = new BatchActivity();
        var rows = BehaviorEventReader.Read(events, sdk.WindowId, time);
        foreach (var row in rows) activity.AddBehavior(row);
        var chunk = snapshots.GetArrayLength() > 0 ? SnapshotChunkBuilder.Build(snapshots, sdk.WindowId, sequence, time, activity) : null;
        return new ParsedBatch(sdk, sequence, rows, chunk, activity);
    }

    /// <summary>The batch without its rrweb data (refused for a session not in playback) nor what that data counted.</summary>
    public ParsedBatch WithoutSnapshots()
    {
        var activity = new BatchActivity();
        foreach (var row in Events) activity.AddBehavior(row);
        return this with { Chunk = null, Activity = activity };
    }
}
