using Modules.Recordings.Contracts;
namespace Modules.Recordings.Ingestion;

/// <summary>
/// Moves a batch's client timestamps onto the server's clock by its session's offset (see <see cref="SessionClock"/>):
/// the smallest <c>now − sent_at</c> of the session's requests so far, this one included. A timestamp that still
/// lands outside the plausible window is refused as absurd. An offset of at most <see cref="TrustedSkewMs"/> is left
/// alone: it is as much the network's delay as the clock's skew, and timestamps left as sent let the chunk be stored
/// as the client compressed it.
/// </summary>
internal sealed class ClockCorrection
{
    private static readonly long Year2000 = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long Year2200 = new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public const long TrustedSkewMs = 2000;

    private readonly long offsetMs;
    private readonly long earliestMs;
    private readonly long latestMs;

    /// <param name="sessionOffsetMs">The session's best offset (<see cref="SessionClock.BestOffset"/>), given <see cref="Observed"/>.</param>
    public ClockCorrection(long sentAtMs, long nowMs, IngestionLimits limits, Func<long, long> sessionOffsetMs)
    {
        Observed = ObservedOffset(sentAtMs, nowMs);
        offsetMs = OffsetFor(sessionOffsetMs(Observed));
        earliestMs = nowMs - (long)limits.MaxEventAge.TotalMilliseconds;
        latestMs = nowMs + (long)limits.MaxEventFuture.TotalMilliseconds;
    }

    private ClockCorrection(long offsetMs)
    {
        this.offsetMs = offsetMs;
        earliestMs = long.MinValue;
        latestMs = long.MaxValue;
    }

    /// <summary>Moves stored timestamps, already checked, by a difference of offsets (see <see cref="SessionClockShift"/>).</summary>
    public static ClockCorrection Shift(long deltaMs) => new(deltaMs);

    /// <summary>The offset applied for a session's best offset: none when it is within <see cref="TrustedSkewMs"/>.</summary>
    public static long OffsetFor(long bestOffsetMs) => Math.Abs(bestOffsetMs) <= TrustedSkewMs ? 0 : bestOffsetMs;

    /// <summary>The offset this batch's timestamps were moved by.</summary>
    public long OffsetMs => offsetMs;

    /// <summary>This request's own <c>now − sent_at</c>.</summary>
    public long Observed { get; }

    /// <summary><c>now − sent_at</c>, once <c>sent_at</c> is known to be a plausible time.</summary>
    public static long ObservedOffset(long sentAtMs, long nowMs)
    {
        if (sentAtMs < Year2000 || sentAtMs > Year2200)
            throw IngestionRejected.Invalid("sent_at must be the client's current time in ms since the epoch.", "sent_at");
        return nowMs - sentAtMs;
    }

    /// <summary>True when timestamps stay as the client sent them.</summary>
    public bool KeepsTimestamps => offsetMs == 0;

    public long Correct(long clientMs, string attr)
    {
        var corrected = clientMs + offsetMs;
        if (corrected < earliestMs || corrected > latestMs)
            throw new IngestionRejected(IngestionRefusal.Invalid, "absurd_timestamp",
                $"A timestamp ({clientMs}) lies outside the accepted window even after correcting the client's clock by sent_at.", attr);
        return corrected;
    }
}
