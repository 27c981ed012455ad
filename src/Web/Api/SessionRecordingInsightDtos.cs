using System.Text.Json;
using Modules.Recordings.Contracts;

namespace Web.Api;

internal sealed record SummaryDto(
    string SessionId, string Summary, IReadOnlyList<SummaryPageDto> Pages, IReadOnlyList<SummaryClickDto> Clicks,
    IReadOnlyList<SummaryRageClickDto> RageClicks, IReadOnlyList<SummaryErrorDto> Errors, string Ending)
{
    public static SummaryDto From(RecordingSummary s) => new(
        s.SessionId, s.Text,
        s.Pages.Select(p => new SummaryPageDto(p.Url, p.Title, Time(p.EnteredMs), Math.Round(p.DurationMs / 1000.0, 1))).ToList(),
        s.Clicks.Select(c => new SummaryClickDto(c.Target, c.Text, c.Count, Time(c.FirstMs))).ToList(),
        s.RageClicks.Select(r => new SummaryRageClickDto(r.Target, r.Text, r.Clicks, Time(r.AtMs), r.Url)).ToList(),
        s.Errors.Select(e => new SummaryErrorDto(e.Kind, e.Message, Time(e.AtMs), e.Url)).ToList(),
        s.Ending);

    internal static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

internal sealed record SummaryPageDto(string Url, string? Title, DateTimeOffset EnteredAt, double DurationSeconds);
internal sealed record SummaryClickDto(string Target, string? Text, int Count, DateTimeOffset FirstAt);
internal sealed record SummaryRageClickDto(string Target, string? Text, int Clicks, DateTimeOffset At, string? Url);
internal sealed record SummaryErrorDto(string Kind, string Message, DateTimeOffset At, string? Url);

/// <summary>A similar recording: every field of a recording, plus its scores.</summary>
internal static class SimilarDto
{
    public static Dictionary<string, object?> From(SessionRecordingDto dto, SimilarRecording s)
    {
        var recording = JsonSerializer.SerializeToElement(dto, ApiJson.Options);
        var result = recording.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        result["similarity_score"] = s.Score;
        result["path_similarity"] = s.PathScore;
        result["event_mix_similarity"] = s.MixScore;
        return result;
    }
}

internal sealed record ErrorClusterDto(
    string Fingerprint, string Kind, string Message, string SampleMessage, string? TopFrame, int Count, int RecordingsAffected,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> SampleRecordingIds)
{
    public static ErrorClusterDto From(ErrorCluster c) => new(c.Fingerprint, c.Kind, c.Message, c.SampleMessage, c.TopFrame, c.Occurrences,
        c.RecordingsAffected, SummaryDto.Time(c.FirstSeenMs), SummaryDto.Time(c.LastSeenMs), c.SampleRecordingIds);
}

/// <summary>
/// A matching event as PostHog answers it (<c>uuid</c>, <c>timestamp</c>) plus our own fields. Our events carry no UUID of
/// their own, so <c>uuid</c> is the event's id written as one (its last 16 hex digits), stable for the event.
/// </summary>
internal sealed record MatchingEventDto(string Uuid, DateTimeOffset Timestamp, long Id, string Type, string? Name, string WindowId)
{
    public static MatchingEventDto From(MatchingEvent e)
    {
        var hex = unchecked((ulong)e.Id).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        return new($"00000000-0000-0000-{hex[..4]}-{hex[4..]}", DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs), e.Id, e.Type, e.Name, e.WindowId);
    }
}

/// <summary>
/// A recording's properties as PostHog answers them (<c>id</c>, and <c>properties</c> under PostHog's <c>$</c> names),
/// plus the same values as our own flat fields.
/// </summary>
internal sealed record PropertiesDto(
    string Id, IReadOnlyDictionary<string, object?> Properties, string SessionId, string? Browser, string? BrowserVersion, string? Os, string? DeviceType, int? ViewportWidth, int? ViewportHeight,
    string? StartUrl, string? Referrer, JsonElement PersonProperties, string? UserAgent)
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    public static PropertiesDto From(RecordingProperties p) => new(p.SessionId, PostHogProperties(p), p.SessionId, p.Browser, p.BrowserVersion, p.Os, p.DeviceType,
        p.ViewportWidth, p.ViewportHeight, p.StartUrl, p.Referrer,
        StoredJson.Read(p.PersonPropertiesJson) ?? Empty, p.UserAgent);

    // Only what is known: PostHog leaves a property out rather than sending null.
    private static Dictionary<string, object?> PostHogProperties(RecordingProperties p)
    {
        var known = new (string Name, object? Value)[]
        {
            ("$browser", p.Browser), ("$browser_version", p.BrowserVersion), ("$os", p.Os), ("$device_type", p.DeviceType),
            ("$viewport_width", p.ViewportWidth), ("$viewport_height", p.ViewportHeight), ("$current_url", p.StartUrl),
            ("$referrer", p.Referrer), ("$raw_user_agent", p.UserAgent),
        };
        return known.Where(k => k.Value is not null).ToDictionary(k => k.Name, k => k.Value);
    }
}

/// <summary>The API's JSON options, for the few places that serialise by hand.</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

internal sealed record SimilarSessionsDto(IReadOnlyList<Dictionary<string, object?>> Results);
internal sealed record ErrorClustersDto(IReadOnlyList<ErrorClusterDto> Results);
internal sealed record MatchingEventsDto(IReadOnlyList<MatchingEventDto> Results);
internal sealed record PropertiesListDto(IReadOnlyList<PropertiesDto> Results);
