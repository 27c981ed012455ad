namespace Modules.Recordings.Contracts;

/// <summary>A deterministic, plain-language account of one recording, with the facts it was written from.</summary>
public sealed record RecordingSummary(
    string SessionId, string Text, IReadOnlyList<SummaryPage> Pages, IReadOnlyList<SummaryClick> Clicks,
    IReadOnlyList<SummaryRageClick> RageClicks, IReadOnlyList<SummaryError> Errors, string Ending);

/// <summary>A page visited, in order, and how long the visitor stayed on it.</summary>
public sealed record SummaryPage(string Url, string? Title, long EnteredMs, long DurationMs);

/// <summary>Clicks on one target, with the text it showed.</summary>
public sealed record SummaryClick(string Target, string? Text, int Count, long FirstMs);

/// <summary>Three or more clicks on the same target within about a second.</summary>
public sealed record SummaryRageClick(string Target, string? Text, int Clicks, long AtMs, string? Url);

/// <summary>An error (JS exception or console error) and the page it happened on.</summary>
public sealed record SummaryError(string Kind, string Message, long AtMs, string? Url);

/// <summary>A recording similar to another one, with a score in [0, 1] (1 = same pages in the same order and event mix).</summary>
public sealed record SimilarRecording(RecordingInfo Recording, double Score, double PathScore, double MixScore);

/// <summary>Errors of an environment that share one fingerprint; <c>Message</c> is the normalised message, <c>SampleMessage</c> one as it was recorded.</summary>
public sealed record ErrorCluster(
    string Fingerprint, string Kind, string Message, string SampleMessage, string? TopFrame, int Occurrences, int RecordingsAffected,
    long FirstSeenMs, long LastSeenMs, IReadOnlyList<string> SampleRecordingIds);

/// <summary>What <c>matching_events</c> looks for; each filter set must match (case-insensitive "contains" except the event name).</summary>
public sealed record EventFilter(string? Event, string? UrlContains, string? SelectorContains, string? TextContains)
{
    /// <summary>PostHog's <c>events</c> filter: an event matches when it matches any of these (and every other given part).</summary>
    public IReadOnlyList<EventCondition>? AnyOf { get; init; }
}

/// <summary>An event of a recording that matched the filter.</summary>
public sealed record MatchingEvent(long Id, string Type, string? Name, long TimestampMs, string WindowId);

/// <summary>What is known about one recording's visitor and device.</summary>
public sealed record RecordingProperties(
    string SessionId, string? Browser, string? BrowserVersion, string? Os, string? DeviceType, int? ViewportWidth, int? ViewportHeight,
    string? StartUrl, string? Referrer, string? PersonPropertiesJson, string? UserAgent);
