namespace Modules.Environments.Contracts;

/// <summary>How a session is being tracked.</summary>
public enum TrackingMode
{
    /// <summary>Events only; not replayable; does not count against the playback quota.</summary>
    Behavior,
    /// <summary>rrweb snapshots are recorded; counted once against the playback quota.</summary>
    Playback,
}

/// <summary>The mode a session is in and, when it is not in playback, why.</summary>
/// <param name="Reason">Null in playback mode; otherwise one of <see cref="TrackingReasons"/>.</param>
public sealed record TrackingDecision(TrackingMode Mode, string? Reason)
{
    public static TrackingDecision Playback { get; } = new(TrackingMode.Playback, null);
    public static TrackingDecision Behavior(string reason) => new(TrackingMode.Behavior, reason);
}

/// <summary>Why a session is in behaviour mode.</summary>
public static class TrackingReasons
{
    public const string QuotaExhausted = "quota_exhausted";
    public const string RecordingDisabled = "recording_disabled";
    public const string AwaitingManualStart = "manual_start";
}

/// <summary>The playback quota use of an environment in the current period.</summary>
/// <param name="Period">The calendar month in UTC, as yyyy-MM.</param>
/// <param name="Quota">The allotment; null = unlimited.</param>
public sealed record PlaybackQuotaUsage(string Period, int Used, int? Quota);
