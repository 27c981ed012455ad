using Modules.Recordings.Data;

namespace Modules.Recordings.Metadata;

/// <summary>Adds a batch's activity to its recording (run by the single writer, so no two batches race).</summary>
internal static class RecordingMetadata
{
    /// <summary>A gap between two interactions longer than this ends an active span.</summary>
    public const long ActiveGapMs = 5000;

    public static void Apply(RecordingRow r, BatchActivity a)
    {
        if (a.HasEvents)
        {
            r.StartTimeMs = r.StartTimeMs == 0 ? a.FirstMs : Math.Min(r.StartTimeMs, a.FirstMs);
            r.EndTimeMs = Math.Max(r.EndTimeMs, a.LastMs);
        }
        foreach (var t in a.ActivityMs)
        {
            // Interactions that arrive late from another tab (older than the last one) add nothing: the span they
            // belonged to was already counted up to the last interaction.
            if (r.LastActivityMs != 0 && t > r.LastActivityMs && t - r.LastActivityMs <= ActiveGapMs)
                r.ActiveMs += t - r.LastActivityMs;
            r.LastActivityMs = Math.Max(r.LastActivityMs, t);
        }
        r.InactiveMs = Math.Max(0, r.EndTimeMs - r.StartTimeMs - r.ActiveMs);
        r.ClickCount += a.Clicks;
        r.KeypressCount += a.Keypresses;
        r.MouseActivityCount += a.MouseActivity;
        r.ConsoleLogCount += a.ConsoleLogs;
        r.ConsoleWarnCount += a.ConsoleWarnings;
        r.ConsoleErrorCount += a.ConsoleErrors;
        if (a.StartUrl is not null && (r.StartUrl is null || a.StartUrlMs < r.StartUrlTimestampMs))
        {
            r.StartUrl = a.StartUrl;
            r.StartUrlTimestampMs = a.StartUrlMs;
        }
        if (a.DistinctId is not null) r.DistinctId = a.DistinctId;
        if (a.PersonPropertiesJson is not null) r.PersonPropertiesJson = a.PersonPropertiesJson;
    }
}
