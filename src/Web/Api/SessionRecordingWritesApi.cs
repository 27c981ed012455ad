using System.Text.Json;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Sharing;

namespace Web.Api;

/// <summary>
/// The writes on one recording: mark it viewed or analysed (PATCH, as PostHog's player does), delete (every byte, and
/// its share link) and persist (kept beyond retention).
/// </summary>
internal static class SessionRecordingWritesApi
{
    /// <param name="api">The session recordings group (<see cref="ApiRoutes"/>).</param>
    public static void MapSessionRecordingWritesApi(this RouteGroupBuilder api)
    {
        api.MapPatch("/{id}", Update).RequireScope(ApiScopes.RecordingWrite).WithName("session_recordings_partial_update")
            .WithSummary("Mark a recording viewed or analyzed").Produces<SessionRecordingDto>()
            .WithDescription("Body {\"viewed\": true} marks it viewed for the key's admin, as playing it in the dashboard does (400 for a key made without an admin); "
                + "{\"analyzed\": true} records that it was analysed (PostHog's field; kept once, shown as analyzed in this answer). player_metadata (PostHog's "
                + "player sends it) is accepted and not stored; any other field is refused with 400. Answers the recording.");
        api.MapDelete("/{id}", Delete).RequireScope(ApiScopes.RecordingWrite).WithName("session_recordings_destroy")
            .WithSummary("Delete session recordings").Produces(204).WithDescription("Deletes the recording, its events, its snapshot data (hot and cold) and its share link.");
        api.MapPost("/{id}/persist", Persist).RequireScope(ApiScopes.RecordingWrite).WithName("session_recordings_persist_create")
            .WithSummary("Create session recordings persist").Produces<SessionRecordingDto>().WithDescription("Keeps the recording beyond the environment's retention.");
    }

    // The module deletes everything the recording has, and tells Sharing to drop its link first.
    private static async Task<IResult> Delete(HttpContext http, string id, IRecordingCatalog catalog, CancellationToken ct) =>
        await catalog.DeleteRecordingAsync(http.ProjectId(), id, ct) ? Results.NoContent() : SessionRecordingsApi.RecordingNotFound();

    private static readonly string[] UpdateFields = ["viewed", "analyzed", "player_metadata"];

    private static async Task<IResult> Update(HttpContext http, string id, IRecordingCatalog catalog, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, "{\"viewed\": true} or {\"analyzed\": true}", UpdateFields, ct);
        if (error is not null) return error;
        var viewed = Flag(body, "viewed", out error);
        if (error is not null) return error;
        var analyzed = Flag(body, "analyzed", out error);
        if (error is not null) return error;
        if (body.TryGetProperty("player_metadata", out var metadata) && metadata.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return ApiError.BadRequest("player_metadata must be an object.", "player_metadata");
        var admin = http.ApiKey().OwnerAdminId;
        if (viewed && admin is null)
            return ApiError.BadRequest("viewed is kept per dashboard admin and this API key was made without one: use a key made on the dashboard's API keys page.", "viewed");
        var projectId = http.ProjectId();
        if (viewed && !await catalog.MarkViewedAsync(projectId, id, admin!.Value, ct)) return SessionRecordingsApi.RecordingNotFound();
        if (analyzed && !await catalog.MarkAnalyzedAsync(projectId, id, ct)) return SessionRecordingsApi.RecordingNotFound();
        return await RecordingWithAnalyzed(http, projectId, id, admin, catalog, ct);
    }

    // Only true may be sent: a view or an analysis is not taken back (PostHog's player only ever sends true).
    private static bool Flag(JsonElement body, string name, out IResult? error)
    {
        error = null;
        if (!body.TryGetProperty(name, out var value)) return false;
        if (value.ValueKind == JsonValueKind.True) return true;
        error = ApiError.BadRequest($"{name} can only be set to true: it is not taken back.", name);
        return false;
    }

    /// <summary>The recording's fields plus <c>analyzed</c>.</summary>
    private static async Task<IResult> RecordingWithAnalyzed(HttpContext http, int projectId, string id, int? admin, IRecordingCatalog catalog, CancellationToken ct)
    {
        if (await catalog.GetRecordingAsync(projectId, id, admin, ct) is not { } r || await catalog.IsAnalyzedAsync(projectId, id, ct) is not { } analyzed)
            return SessionRecordingsApi.RecordingNotFound();
        var fields = JsonSerializer.SerializeToElement(await SessionRecordingDto.OneAsync(http, projectId, r, ct), ApiJson.Options)
            .EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["analyzed"] = analyzed;
        return Results.Ok(fields);
    }

    private static async Task<IResult> Persist(HttpContext http, string id, IRecordingCatalog catalog, CancellationToken ct)
    {
        if (!await catalog.PersistRecordingAsync(http.ProjectId(), id, ct)) return SessionRecordingsApi.RecordingNotFound();
        return await catalog.GetRecordingAsync(http.ProjectId(), id, http.ApiKey().OwnerAdminId, ct) is { } r
            ? Results.Ok(await SessionRecordingDto.OneAsync(http, http.ProjectId(), r, ct))
            : SessionRecordingsApi.RecordingNotFound();
    }

}
