using Microsoft.AspNetCore.Http.HttpResults;
using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>What the API computes from recordings: summary, similar sessions, error clusters, matching events, properties.</summary>
internal static class SessionRecordingInsightsApi
{
    public const int MaxSimilar = 50;
    public const int MaxClusters = 500;
    public const int MaxPropertiesSessions = 100;

    /// <param name="api">The session recordings group (<see cref="ApiRoutes"/>).</param>
    public static void MapSessionRecordingInsightsApi(this RouteGroupBuilder api)
    {
        // Literal segments win over {id}, so these never reach the single-recording routes.
        api.MapGet("/error_clusters", ErrorClusters).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_error_clusters_retrieve")
            .WithSummary("Retrieve session recordings error clusters")
            .WithDescription("Console errors and JS exceptions grouped by fingerprint (message with URLs, ids and numbers abstracted, plus the top stack frame). date_from, date_to (default the last 30 days), limit (default 100, at most 500).");
        api.MapGet("/matching_events", Matching).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_matching_events_retrieve")
            .WithSummary("Retrieve session recordings matching events")
            .WithDescription("One session id in session_ids and at least one event filter: events (PostHog's JSON filter), event (type or name), url, selector, text (contains). 400 otherwise. "
                + "Answers {results: [{uuid, timestamp, id, type, name, window_id}]}: uuid and timestamp as PostHog answers them (uuid is the event's id written as a UUID).");
        api.MapGet("/properties", Properties).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_properties_retrieve")
            .WithSummary("Retrieve session recordings properties")
            .WithDescription($"Browser, OS, device type, viewport, start URL, referrer and person properties of each recording in session_ids (at most {MaxPropertiesSessions}). "
                + "Each result has PostHog's id and properties ($browser, $browser_version, $os, $device_type, $viewport_width, $viewport_height, $current_url, $referrer, $raw_user_agent; only those known) beside the same values as flat fields.");
        api.MapPost("/{id}/summarize", Summarize).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_summarize_create")
            .WithSummary("Create session recordings summarize")
            .Produces<SummaryDto>()
            .WithDescription("A deterministic plain-language summary: pages in order with time on each, clicks, rage clicks, errors and where, how it ended.");
        api.MapGet("/{id}/similar_sessions", Similar).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_similar_sessions_retrieve")
            .WithSummary("Retrieve session recordings similar sessions")
            .WithDescription("Recordings of the same environment ranked by score = 0.6 × page-path similarity (1 − normalised edit distance of the page path sequences) + 0.4 × event-mix similarity (cosine of log-scaled counts). limit (default 10, at most 50).");
    }

    private static async Task<IResult> Summarize(HttpContext http, string id, IRecordingInsights insights, CancellationToken ct) =>
        await insights.SummarizeRecordingAsync(http.ProjectId(), id, ct) is { } s ? Results.Ok(SummaryDto.From(s)) : SessionRecordingsApi.RecordingNotFound();

    /// <summary>similar_sessions' query (see <see cref="ErrorClustersQuery"/> for why text).</summary>
    internal sealed record SimilarSessionsQuery(
        [FromQuery(Name = "limit")][property: Description("At most this many (default 10, at most 50).")] string? Limit);

    private static async Task<Results<Ok<SimilarSessionsDto>, JsonHttpResult<ApiError>>> Similar(
        HttpContext http, string id, [AsParameters] SimilarSessionsQuery query, IRecordingInsights insights, CancellationToken ct)
    {
        int limit;
        try { limit = QueryValues.Int(QueryValues.Trimmed(query.Limit), "limit", 10, 1, MaxSimilar); }
        catch (QueryValues.Invalid e) { return ApiError.BadRequest(e.Message, e.Attr); }
        var similar = await insights.FindSimilarRecordingsAsync(http.ProjectId(), id, limit, http.ApiKey().OwnerAdminId, ct);
        if (similar is null) return SessionRecordingsApi.RecordingNotFound();
        var dtos = await SessionRecordingDto.ListAsync(http, http.ProjectId(), [.. similar.Select(s => s.Recording)], ct);
        return TypedResults.Ok(new SimilarSessionsDto([.. similar.Zip(dtos, (s, dto) => SimilarDto.From(dto, s))]));
    }

    /// <summary>
    /// error_clusters' query, documented from here. Read as text and parsed by <see cref="QueryValues"/>, so a bad value
    /// gets PostHog's 400 naming it rather than a binding error.
    /// </summary>
    internal sealed record ErrorClustersQuery(
        [FromQuery(Name = "date_from")][property: Description("From (ISO 8601 or relative like -7d); default -30d.")] string? DateFrom,
        [FromQuery(Name = "date_to")][property: Description("Until; default now.")] string? DateTo,
        [FromQuery(Name = "limit")][property: Description("At most this many clusters (default 100, at most 500).")] string? Limit);

    private static async Task<Results<Ok<ErrorClustersDto>, JsonHttpResult<ApiError>>> ErrorClusters(
        HttpContext http, [AsParameters] ErrorClustersQuery query, IRecordingInsights insights, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        try
        {
            var from = QueryValues.Time(QueryValues.Trimmed(query.DateFrom), "date_from", now) ?? now.AddDays(-30);
            var to = QueryValues.Time(QueryValues.Trimmed(query.DateTo), "date_to", now) ?? now.AddDays(1);
            if (from > to) return ApiError.BadRequest("date_from lies after date_to.", "date_from");
            var limit = QueryValues.Int(QueryValues.Trimmed(query.Limit), "limit", 100, 1, MaxClusters);
            var clusters = await insights.ListErrorClustersAsync(http.ProjectId(), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), limit, ct);
            return TypedResults.Ok(new ErrorClustersDto(clusters.Select(ErrorClusterDto.From).ToList()));
        }
        catch (QueryValues.Invalid e)
        {
            return ApiError.BadRequest(e.Message, e.Attr);
        }
    }

    /// <summary>matching_events' query (see <see cref="ErrorClustersQuery"/> for why text).</summary>
    internal sealed record MatchingEventsQuery(
        [FromQuery(Name = "session_ids")][property: Description("Exactly one session id (required).")] string? SessionIds,
        [FromQuery(Name = "events")][property: Description("PostHog's JSON event filter, as the list takes it: events matching any entry.")] string? Events,
        [FromQuery(Name = "event")][property: Description("Event type (pageview, click, input, error, console, custom, pageleave) or name.")] string? Event,
        [FromQuery(Name = "url")][property: Description("The event's URL contains this (case-insensitive).")] string? Url,
        [FromQuery(Name = "selector")][property: Description("The element's CSS selector contains this.")] string? Selector,
        [FromQuery(Name = "text")][property: Description("The event's text contains this.")] string? Text);

    private static async Task<Results<Ok<MatchingEventsDto>, JsonHttpResult<ApiError>>> Matching(HttpContext http, [AsParameters] MatchingEventsQuery query, IRecordingInsights insights, CancellationToken ct)
    {
        try
        {
            var ids = QueryValues.List(query.SessionIds, "session_ids", 1000)
                ?? throw new QueryValues.Invalid("session_ids must name exactly one session.", "session_ids");
            if (ids.Count != 1) return ApiError.BadRequest("session_ids must name exactly one session.", "session_ids");
            var filter = new EventFilter(QueryValues.Trimmed(query.Event), QueryValues.Trimmed(query.Url),
                QueryValues.Trimmed(query.Selector), QueryValues.Trimmed(query.Text))
            {
                AnyOf = PostHogFilters.Events(QueryValues.Trimmed(query.Events)),
            };
            if (filter is { Event: null, UrlContains: null, SelectorContains: null, TextContains: null, AnyOf: null })
                return ApiError.BadRequest("Give at least one event filter: events (PostHog's JSON filter), event, url, selector or text.", "events");
            var events = await insights.FindMatchingEventsAsync(http.ProjectId(), ids[0], filter, ct);
            if (events is null) return SessionRecordingsApi.RecordingNotFound();
            return TypedResults.Ok(new MatchingEventsDto(events.Select(MatchingEventDto.From).ToList()));
        }
        catch (QueryValues.Invalid e)
        {
            return ApiError.BadRequest(e.Message, e.Attr);
        }
    }

    /// <summary>properties' query (see <see cref="ErrorClustersQuery"/> for why text).</summary>
    internal sealed record PropertiesQuery(
        [FromQuery(Name = "session_ids")][property: Description("Comma-separated list or JSON array of session ids (required, at most 100).")] string? SessionIds);

    private static async Task<Results<Ok<PropertiesListDto>, JsonHttpResult<ApiError>>> Properties(
        HttpContext http, [AsParameters] PropertiesQuery query, IRecordingInsights insights, CancellationToken ct)
    {
        try
        {
            var ids = QueryValues.List(query.SessionIds, "session_ids", MaxPropertiesSessions)
                ?? throw new QueryValues.Invalid("session_ids is required (a comma list or JSON array).", "session_ids");
            var properties = await insights.GetRecordingPropertiesAsync(http.ProjectId(), ids, ct);
            return TypedResults.Ok(new PropertiesListDto(properties.Select(PropertiesDto.From).ToList()));
        }
        catch (QueryValues.Invalid e)
        {
            return ApiError.BadRequest(e.Message, e.Attr);
        }
    }
}
