using Modules.Environments.Contracts;
using Modules.Recordings;

namespace Web.Api;

/// <summary><c>/api/projects/{project_id}/sessions/{session_id}/events</c>: a session's behaviour events, paginated.</summary>
internal static class SessionEventsApi
{
    internal sealed record EventDto(
        long Id, string WindowId, DateTimeOffset Timestamp, long TimestampMs, string Type, string? Name, string? Url,
        string? Selector, string? Text, System.Text.Json.JsonElement? Properties);

    /// <param name="api">The <c>/api</c> group (<see cref="ApiRoutes"/>).</param>
    public static void MapSessionEventsApi(this RouteGroupBuilder api)
    {
        // Routing ignores a trailing slash, so this one route answers both spellings.
        api.MapGet("/projects/{project_id}/sessions/{session_id}/events", List).RequireScope(ApiScopes.RecordingRead);
    }

    private static async Task<IResult> List(HttpContext http, string session_id, IRecordingInsights insights, CancellationToken ct)
    {
        var (paging, error, attr) = Paging.From(http.Request);
        if (error is not null) return ApiError.BadRequest(error, attr);
        var page = await insights.ListBehaviorEventsAsync(http.ProjectId(), session_id, paging.Limit, paging.Offset, ct);
        if (page is null) return ApiError.NotFound("Session not found.");
        var results = page.Results.Select(e => new EventDto(e.Id, e.WindowId, DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp),
            e.Timestamp, e.Type, e.Name, e.Url, e.Selector, e.Text,
            StoredJson.Read(e.PropertiesJson))).ToList();
        return Results.Ok(paging.Build(http.Request, page.Count, results));
    }
}
