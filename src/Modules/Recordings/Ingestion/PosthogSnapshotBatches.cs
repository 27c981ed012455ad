using System.IO.Hashing;
using System.Text;
using Modules.Recordings.Contracts;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// The batches of a posthog-js request, one per session and window, checked as our SDK's split body is: the same
/// envelope rules, then <see cref="RrwebLines"/> over the lines, which are compressed once into the hot chunk.
/// </summary>
internal static class PosthogSnapshotBatches
{
    public static List<ParsedBatch> Read(PosthogSnapshotScan scan, IngestionLimits limits, long nowMs, SessionClock sessions)
    {
        var batches = new List<ParsedBatch>(scan.Groups.Count);
        foreach (var group in scan.Groups)
        {
            var sdk = SdkRequest.Of(scan.Token, group.SessionId, group.WindowId, limits);
            var lines = group.Lines.Memory.Span;
            if (lines.Length > limits.MaxDecompressedBytes)
                throw new IngestionRejected(IngestionRefusal.TooLarge, "decompressed_too_large",
                    $"The body is larger than {limits.MaxDecompressedBytes} bytes once decompressed.");
            var sequence = Sequence(sdk, lines);
            var time = new ClockCorrection(scan.SentAtMs, nowMs, limits, observed => sessions.BestOffset(sdk.Token, sdk.SessionId, observed));
            var activity = new BatchActivity();
            SdkRequest.RequireUtf8(lines);
            var chunk = lines.Length > 0
                ? SnapshotChunkBuilder.FromLines(lines, ReadOnlyMemory<byte>.Empty, sdk.WindowId, sequence, time, activity, limits.MaxEventsPerBatch, limits.MaxEventsPerBatch)
                : null;
            batches.Add(new ParsedBatch(sdk, sequence, [], chunk, activity, time));
        }
        return batches;
    }

    /// <summary>
    /// posthog-js sends no sequence; the batch is named by a hash of its content instead, so a request it sends again
    /// (its retry queue, or the same data by sendBeacon) is stored once, as our SDK's retried batches are. The send
    /// time is left out: posthog-js stamps each attempt anew. Only the client's own batches can collide, so a fast
    /// non-cryptographic hash does (SHA-256 cost a twentieth of the request's CPU).
    /// </summary>
    private static long Sequence(SdkRequest sdk, ReadOnlySpan<byte> lines)
    {
        var hash = new XxHash3();
        hash.Append(Encoding.UTF8.GetBytes(sdk.SessionId + "\n" + sdk.WindowId + "\n"));
        hash.Append(lines);
        return (long)(hash.GetCurrentHashAsUInt64() & long.MaxValue);
    }
}
