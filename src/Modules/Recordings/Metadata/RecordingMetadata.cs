using Modules.Recordings.Data;

namespace Modules.Recordings.Metadata;

/// <summary>
/// Adds a batch's activity to its recording (run by the single writer, so no two batches race). Every figure is a
/// function of the set of batches stored, not of their order: start and end are the earliest and latest event,
/// active time the length of the merged <see cref="ActivitySpans"/>, counts the <see cref="WindowTally"/> rule.
/// </summary>
internal static class RecordingMetadata
{
    /// <summary>A gap between two interactions longer than this ends an active span.</summary>
    public const long ActiveGapMs = 5000;

    public static void Apply(RecordingRow r, BatchActivity a, string windowId)
    {
        if (a.HasEvents)
        {
            // Until the first events, start and end are the moment the session's first request arrived.
            r.StartTimeMs = r.TimesFromEvents ? Math.Min(r.StartTimeMs, a.FirstMs) : a.FirstMs;
            r.EndTimeMs = r.TimesFromEvents ? Math.Max(r.EndTimeMs, a.LastMs) : a.LastMs;
            r.TimesFromEvents = true;
        }
        if (a.ActivityMs.Count > 0)
        {
            var spans = ActivitySpans.Merge(StoredSpans(r), ActivitySpans.Of(a.ActivityMs));
            r.ActivitySpans = ActivitySpans.Encode(spans);
            r.ActiveMs = ActivitySpans.TotalMs(spans);
            r.LastActivityMs = Math.Max(r.LastActivityMs, a.ActivityMs[^1]);
        }
        r.InactiveMs = Math.Max(0, r.EndTimeMs - r.StartTimeMs - r.ActiveMs);

        if (a.BehaviorCounts.IndexOfAnyExcept(0) >= 0 || a.RrwebCounts.IndexOfAnyExcept(0) >= 0)
        {
            var tally = WindowTally.Parse(r.WindowTallyJson);
            var before = Counts(tally);
            tally.Add(windowId, a.BehaviorCounts, a.RrwebCounts);
            var after = Counts(tally);
            r.WindowTallyJson = tally.ToJson();
            // Added as a difference, so counts made before recordings kept a tally stay in the total.
            r.ClickCount += after.Clicks - before.Clicks;
            r.KeypressCount += after.Inputs - before.Inputs;
            r.ConsoleWarnCount += after.Warnings - before.Warnings;
            r.ConsoleErrorCount += after.Errors - before.Errors;
        }
        r.MouseActivityCount += a.MouseActivity;
        r.ConsoleLogCount += a.ConsoleLogs;
        if (a.StartUrl is not null && (r.StartUrl is null || a.StartUrlMs < r.StartUrlTimestampMs))
        {
            r.StartUrl = a.StartUrl;
            r.StartUrlTimestampMs = a.StartUrlMs;
        }
        if (a.DistinctId is not null)
        {
            r.PersonPropertiesJson = PersonProperties.After(r.DistinctId, r.PersonPropertiesJson, a.DistinctId, a.PersonPropertiesJson);
            r.DistinctId = a.DistinctId;
        }
    }

    private static (int Clicks, int Inputs, int Warnings, int Errors) Counts(WindowTally t) =>
        (t.Count(CountedKind.Clicks), t.Count(CountedKind.Inputs), t.Count(CountedKind.Warnings), t.Count(CountedKind.Errors));

    /// <summary>
    /// The stored spans; a recording stored before spans were kept has only its total and latest interaction, which
    /// stand in as one span ending there.
    /// </summary>
    private static List<ActivitySpans.Span> StoredSpans(RecordingRow r) =>
        r.ActivitySpans is not null || r.ActiveMs == 0
            ? ActivitySpans.Decode(r.ActivitySpans)
            : [new ActivitySpans.Span(r.LastActivityMs - r.ActiveMs, r.LastActivityMs)];
}
