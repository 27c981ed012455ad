namespace Modules.Recordings.Ingestion;

/// <summary>
/// Moves a batch's client timestamps onto the server's clock: the client stamps <c>sent_at</c> when it sends, so
/// the difference to our receive time is its clock's skew (plus the network's delay, which is small). A timestamp
/// that still lands outside the plausible window is refused as absurd. A difference of at most
/// <see cref="TrustedSkewMs"/> is left alone: it is as much the network's delay as the clock's skew, and timestamps
/// left as sent let the chunk be stored as the client compressed it.
/// </summary>
internal sealed class ClockCorrection
{
    private static readonly long Year2000 = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long Year2200 = new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public const long TrustedSkewMs = 2000;

    private readonly long offsetMs;
    private readonly long earliestMs;
    private readonly long latestMs;

    public ClockCorrection(long sentAtMs, long nowMs, IngestionLimits limits)
    {
        if (sentAtMs < Year2000 || sentAtMs > Year2200)
            throw IngestionRejected.Invalid("sent_at must be the client's current time in ms since the epoch.", "sent_at");
        offsetMs = Math.Abs(nowMs - sentAtMs) <= TrustedSkewMs ? 0 : nowMs - sentAtMs;
        earliestMs = nowMs - (long)limits.MaxEventAge.TotalMilliseconds;
        latestMs = nowMs + (long)limits.MaxEventFuture.TotalMilliseconds;
    }

    /// <summary>True when timestamps stay as the client sent them.</summary>
    public bool KeepsTimestamps => offsetMs == 0;

    public long Correct(long clientMs, string attr)
    {
        var corrected = clientMs + offsetMs;
        if (corrected < earliestMs || corrected > latestMs)
            throw new IngestionRejected(400, "absurd_timestamp",
                $"A timestamp ({clientMs}) lies outside the accepted window even after correcting the client's clock by sent_at.", attr);
        return corrected;
    }
}
