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

    public static RouteGroupBuilder MapSessionRecordingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api" + Base).AddEndpointFilter<ApiKeyAuthentication>()
            .WithTags("Session recordings").WithApiErrors();
        api.MapGet("/", List).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_list")
            .WithSummary("List all session recordings").WithDescription(ListDescription)
            .Produces<Page<SessionRecordingDto>>().WithQueryParameters(ListParameters);
        api.MapGet("/{id}", Get).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_retrieve")
            .WithSummary("Retrieve session recordings").Produces<SessionRecordingDto>();
        return api;
    }

    private static readonly QueryParameterDoc[] ListParameters =
    [
        new("limit", "Number of results to return per page (default 100, at most 1000).", JsonSchemaType.Integer),
        new("offset", "The initial index from which to return the results.", JsonSchemaType.Integer),
        new("date_from", "Recordings that started at or after: ISO 8601 or relative (-7d, -24h, -30M, -2w, -1m, -1y)."),
        new("date_to", "Recordings that started at or before: ISO 8601 or relative."),
        new("distinct_id", "The person's distinct id (an anonymous session's distinct id is its session id)."),
        new("person_uuid", "The person's uuid as answered in person.uuid."),
        new("session_ids", "Comma-separated list or JSON array of session ids (at most 1000)."),
        new("min_duration", "Minimum recording_duration in seconds.", JsonSchemaType.Number),
        new("max_duration", "Maximum recording_duration in seconds.", JsonSchemaType.Number),
        new("start_url", "The start URL contains this text (case-sensitive)."),
        new("has_console_errors", "true: only recordings with console errors; false: only those without.", JsonSchemaType.Boolean),
        new("persisted", "Only persisted (true) or not persisted (false) recordings.", JsonSchemaType.Boolean),
        new("viewed", "Only recordings the key's admin has (true) or has not (false) played in the dashboard; 400 for a key of no admin.", JsonSchemaType.Boolean),
        new("snapshot_source", "web (replayable recordings, the default), none (behaviour-only sessions) or all."),
        new("order", "start_time, duration, active_seconds or console_error_count; '-' prefix for descending (default -start_time)."),
    ];

    private const string ListDescription =
        "Filters: date_from, date_to (ISO 8601 or -7d, -24h, -30M, -2w, -1m, -1y), distinct_id, person_uuid, session_ids " +
        "(comma list or JSON array), min_duration, max_duration (seconds), start_url (contains), has_console_errors, persisted, " +
        "viewed (true/false: played by the key's admin), snapshot_source (web = replayable, the default; none = behaviour only; all). order: start_time, " +
        "duration, active_seconds, console_error_count; prefix '-' for descending (default -start_time). limit (default 100, " +
        "at most 1000) and offset.";

    private static async Task<IResult> List(HttpContext http, IRecordingsModule recordings, TimeProvider clock, CancellationToken ct)
    {
        var (paging, error) = Paging.From(http.Request);
        if (error is not null) return ApiError.BadRequest(error, "limit");
        Modules.Recordings.Contracts.RecordingListQuery query;
        try
        {
            query = RecordingListParameters.Read(http.Request, http.ProjectId(), paging, clock.GetUtcNow(), http.ApiKey().OwnerAdminId);
        }
        catch (QueryValues.Invalid e)
        {
            return ApiError.BadRequest(e.Message, e.Attr);
        }
        var page = await recordings.ListRecordingsAsync(query, ct);
        var results = page.Results.Select(r => SessionRecordingDto.From(query.EnvironmentId, r)).ToList();
        return ListJson.Result(paging.Build(http.Request, page.Count, results));
    }

    private static async Task<IResult> Get(HttpContext http, string id, IRecordingsModule recordings, CancellationToken ct) =>
        await recordings.GetRecordingAsync(http.ProjectId(), id, http.ApiKey().OwnerAdminId, ct) is { } r
            ? Results.Ok(SessionRecordingDto.From(http.ProjectId(), r))
            : RecordingNotFound();

    public static IResult RecordingNotFound() => ApiError.NotFound("Session recording not found.");
}
