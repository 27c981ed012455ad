using Microsoft.AspNetCore.Http.HttpResults;
using Modules.Environments.Contracts;
using Microsoft.OpenApi;
using Modules.Recordings;

namespace Web.Api;

/// <summary>
/// <c>/api/projects/{project_id}/session_recordings</c>: list, retrieve, delete and persist recordings. Each route is
/// mapped once; routing answers it with and without the trailing slash PostHog's clients send.
/// </summary>
internal static class SessionRecordingsApi
{
    public const string Base = "/projects/{project_id}/session_recordings";

    /// <param name="api">The session recordings group (<see cref="ApiRoutes"/>).</param>
    public static void MapSessionRecordingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/", List).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_list")
            .WithSummary("List all session recordings").WithDescription(ListDescription)
            .Produces<Page<SessionRecordingDto>>().WithQueryParameters(ListParameters);
        api.MapGet("/{id}", Get).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_retrieve")
            .WithSummary("Retrieve session recordings").Produces<SessionRecordingDto>();
    }

    private static readonly QueryParameterDoc[] ListParameters =
    [
        new("limit", "Number of results to return per page (default 100, at most 1000).", JsonSchemaType.Integer),
        new("offset", "The initial index from which to return the results.", JsonSchemaType.Integer),
        new("date_from", "Recordings that started at or after: ISO 8601, relative (-7d, -24h, -30M, -2w, -1m, -1q, -1y, optionally -3dStart / -1mEnd) or all. Default -3d, except for a list by session_ids."),
        new("date_to", "Recordings that started at or before: ISO 8601 or relative."),
        new("distinct_id", "The person's distinct id (an anonymous session's distinct id is its session id)."),
        new("distinct_ids", "Any of these distinct ids: JSON array or comma-separated list."),
        new("person_uuid", "The person's uuid as answered in person.uuid."),
        new("session_ids", "Comma-separated list or JSON array of session ids (at most 1000); without an order, answered in the order given."),
        new("min_duration", "Minimum recording_duration in seconds.", JsonSchemaType.Number),
        new("max_duration", "Maximum recording_duration in seconds.", JsonSchemaType.Number),
        new("start_url", "The start URL contains this text (case-sensitive)."),
        new("has_console_errors", "true: only recordings with console errors; false: only those without.", JsonSchemaType.Boolean),
        new("persisted", "Only persisted (true) or not persisted (false) recordings.", JsonSchemaType.Boolean),
        new("viewed", "Only recordings the key's admin has (true) or has not (false) played in the dashboard; 400 for a key of no admin.", JsonSchemaType.Boolean),
        new("snapshot_source", "web (replayable recordings, the default), none (behaviour only) or all."),
        new("events", "PostHog's JSON event filter: [{\"id\": \"$pageview\", \"type\": \"events\", \"properties\": [...]}]; sessions with such an event, for every entry."),
        new("properties", "PostHog's JSON property filters on $browser, $browser_version, $os, $device_type, $entry_current_url, $current_url and person properties; every one must hold."),
        new("console_log_filters", "PostHog's JSON console filters: level (info, warn, error) and message (warn and error entries only)."),
        new("operand", "AND (the default); OR is refused when more than one condition is given."),
        new("order", "start_time, duration, active_seconds, inactive_seconds, activity_score, click_count, keypress_count, mouse_activity_count, console_error_count, console_warn_count, console_log_count: largest first; a leading '-' also means descending."),
        new("order_direction", "DESC (the default) or ASC."),
    ];

    private const string ListDescription =
        "PostHog's list: every parameter is applied or refused with a 400 naming it (actions, having_predicates, " +
        "filter_test_accounts=true, cohort, group and $geoip properties, unknown parameters). Paging: limit (default 100, " +
        "at most 1000), offset, has_next. date_from defaults to -3d. See the README's REST API section for every filter.";

    private static async Task<IResult> List(HttpContext http, IRecordingCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var (paging, error, attr) = Paging.From(http.Request);
        if (error is not null) return ApiError.BadRequest(error, attr);
        Modules.Recordings.Contracts.RecordingListQuery query;
        try
        {
            query = RecordingListParameters.Read(http.Request, http.ProjectId(), paging, clock.GetUtcNow(), http.ApiKey().OwnerAdminId);
        }
        catch (QueryValues.Invalid e)
        {
            return ApiError.BadRequest(e.Message, e.Attr);
        }
        var page = await catalog.ListRecordingsAsync(query, ct);
        var results = await SessionRecordingDto.ListAsync(http, query.EnvironmentId, page.Results, ct);
        return ListJson.Result(paging.Build(http.Request, page.Count, results));
    }

    private static async Task<IResult> Get(HttpContext http, string id, IRecordingCatalog catalog, CancellationToken ct) =>
        await catalog.GetRecordingAsync(http.ProjectId(), id, http.ApiKey().OwnerAdminId, ct) is { } r
            ? Results.Ok(await SessionRecordingDto.OneAsync(http, http.ProjectId(), r, ct))
            : RecordingNotFound();

    public static JsonHttpResult<ApiError> RecordingNotFound() => ApiError.NotFound("Session recording not found.");
}
