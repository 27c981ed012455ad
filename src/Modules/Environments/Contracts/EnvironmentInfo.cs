namespace Modules.Environments.Contracts;

/// <summary>An environment (a site or app that records sessions) with its current settings.</summary>
public sealed record EnvironmentInfo(int Id, string Name, string Token, DateTimeOffset CreatedAt, EnvironmentSettings Settings);

/// <summary>The admin-controlled settings of an environment.</summary>
/// <param name="RecordingEnabled">When false the SDK records nothing for this environment.</param>
/// <param name="ManualPlaybackStart">"Start Session Playback Recording Manually": sessions start in behaviour mode
/// and switch to playback only when the page calls <c>startPlaybackRecording()</c>.</param>
/// <param name="PlaybackQuota">Playback sessions allowed per calendar month (UTC); 0 = none, null = unlimited.</param>
/// <param name="RetentionDays">Days a recording is kept unless persisted.</param>
/// <param name="MaskAllInputs">Mask every input's value in replays (on by default).</param>
/// <param name="AllowedOrigins">Origins the SDK may send from; empty = any.</param>
public sealed record EnvironmentSettings(
    bool RecordingEnabled,
    bool ManualPlaybackStart,
    int? PlaybackQuota,
    int RetentionDays,
    bool MaskAllInputs,
    IReadOnlyList<string> AllowedOrigins)
{
    /// <summary>The settings a new environment starts with.</summary>
    public static EnvironmentSettings Defaults { get; } = new(true, false, null, 30, true, []);
}
