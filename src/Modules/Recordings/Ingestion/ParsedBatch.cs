using Modules.Recordings.Contracts;
using System.Text.Json;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>A batch read and validated in full, with its chunk already built and compressed.</summary>
internal sealed record ParsedBatch(
    SdkRequest Sdk, long Sequence, List<BehaviorEventRow> Events, SnapshotChunkRow? Chunk, BatchActivity Activity, ClockCorrection Clock)
{
    /// <summary>
    /// Inflates, parses and validates the body, then builds the snapshot chunk; any problem throws
    /// <see cref="IngestionRejected"/>. Pure CPU work: the caller holds a CPU slot for it.
    /// </summary>
    /// <param name="snapshotsOffset">Set for the split body: the rrweb events start at this byte, as a gzip member
    /// of their own holding the chunk's JSONL lines (see <see cref="ReadSplit"/>).</param>
    /// <param name="sessions">The sessions' clock offsets: a batch is corrected by its session's best one.</param>
    public static ParsedBatch Read(
        ReadOnlyMemory<byte> raw, string? contentEncoding, long? snapshotsOffset, IngestionLimits limits, BodyMemory memory, long nowMs,
        SessionClock sessions)
    {
        if (snapshotsOffset is { } offset) return ReadSplit(raw, offset, limits, memory, nowMs, sessions);
        using var body = RequestBody.Inflate(raw, contentEncoding, limits, memory);
        using var doc = SdkRequest.ParseBody(body.Memory);
        var snapshots = SdkRequest.OptionalArray(doc.RootElement, "snapshots");
        var e = Envelope.Read(doc.RootElement, limits, nowMs, snapshots.GetArrayLength(), sessions);
        var chunk = snapshots.GetArrayLength() > 0 ? SnapshotChunkBuilder.Build(snapshots, e.Sdk.WindowId, e.Sequence, e.Time, e.Activity) : null;
        return new ParsedBatch(e.Sdk, e.Sequence, e.Rows, chunk, e.Activity, e.Time);
    }

    /// <summary>
    /// The split body: a gzip member with the envelope (the JSON above without <c>snapshots</c>), then a gzip member of
    /// the rrweb events as the hot chunk's own JSONL lines. The lines are checked in one pass and, when the client's
    /// clock needs no correction, the second member is stored as the chunk exactly as sent: ingestion compresses nothing.
    /// </summary>
    private static ParsedBatch ReadSplit(
        ReadOnlyMemory<byte> raw, long offset, IngestionLimits limits, BodyMemory memory, long nowMs, SessionClock sessions)
    {
        if (offset <= 0 || offset >= raw.Length)
            throw IngestionRejected.Invalid("snapshots_offset must lie inside the body.", "snapshots_offset");
        var member = raw[(int)offset..];
        if (!RequestBody.IsGzip(raw) || !RequestBody.IsGzip(member))
            throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_gzip", "With snapshots_offset, the body must be two gzip members.");
        using var envelope = RequestBody.Inflate(raw[..(int)offset], "gzip", limits, memory);
        using var inflatedLines = RequestBody.Inflate(member, "gzip", limits, memory, limits.MaxDecompressedBytes - envelope.Length);
        var lines = inflatedLines.Memory;
        SdkRequest.RequireUtf8(lines.Span);
        using var doc = SdkRequest.ParseBody(envelope.Memory);
        if (SdkRequest.OptionalArray(doc.RootElement, "snapshots").GetArrayLength() > 0)
            throw IngestionRejected.Invalid("With snapshots_offset, the rrweb events belong in the second gzip member only.", "snapshots");
        var e = Envelope.Read(doc.RootElement, limits, nowMs, snapshotCount: 0, sessions);
        var chunk = lines.Length > 0
            ? SnapshotChunkBuilder.FromLines(lines.Span, member, e.Sdk.WindowId, e.Sequence, e.Time, e.Activity,
                limits.MaxEventsPerBatch - e.Rows.Count, limits.MaxEventsPerBatch)
            : null;
        return new ParsedBatch(e.Sdk, e.Sequence, e.Rows, chunk, e.Activity, e.Time);
    }

    /// <summary>What both body forms carry besides the rrweb events: who sends, which batch, the clock, the behaviour events.</summary>
    private sealed record Envelope(SdkRequest Sdk, long Sequence, ClockCorrection Time, List<BehaviorEventRow> Rows, BatchActivity Activity)
    {
        /// <param name="snapshotCount">The rrweb events already known to come with it, counted against the batch limit.</param>
        public static Envelope Read(JsonElement root, IngestionLimits limits, long nowMs, int snapshotCount, SessionClock sessions)
        {
            var sdk = SdkRequest.From(root, limits);
            var sequence = SdkRequest.RequiredLong(root, "sequence");
            if (sequence < 0) throw IngestionRejected.Invalid("sequence must not be negative.", "sequence");
            var time = new ClockCorrection(SdkRequest.RequiredLong(root, "sent_at"), nowMs, limits,
                observed => sessions.BestOffset(sdk.Token, sdk.SessionId, observed));
            var events = SdkRequest.OptionalArray(root, "events");
            if (events.GetArrayLength() + snapshotCount > limits.MaxEventsPerBatch) throw IngestionRejected.TooManyEvents(limits.MaxEventsPerBatch);
            var activity = new BatchActivity();
            var rows = BehaviorEventReader.Read(events, sdk.WindowId, time);
            foreach (var row in rows) activity.AddBehavior(row);
            return new Envelope(sdk, sequence, time, rows, activity);
        }
    }

    /// <summary>The batch without its rrweb data (refused for a session not in playback) nor what that data counted.</summary>
    public ParsedBatch WithoutSnapshots()
    {
        var activity = new BatchActivity();
        foreach (var row in Events) activity.AddBehavior(row);
        return this with { Chunk = null, Activity = activity };
    }
}
