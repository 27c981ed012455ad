using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Sharing;

namespace Web.Api;

/// <summary>The writes on one recording: delete (every byte, and its share link) and persist (kept beyond retention).</summary>
internal static class SessionRecordingWritesApi
{
    public static void MapSessionRecordingWritesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api" + SessionRecordingsApi.Base).AddEndpointFilter<ApiKeyAuthentication>()
            .WithTags("Session recordings").WithApiErrors();
        api.MapDelete("/{id}", Delete).RequireScope(ApiScopes.RecordingWrite).WithName("session_recordings_destroy")
            .WithSummary("Delete session recordings").Produces(204).WithDescription("Deletes the recording, its events, its snapshot data (hot and cold) and its share link.");
        api.MapPost("/{id}/persist", Persist).RequireScope(ApiScopes.RecordingWrite).WithName("session_recordings_persist_create")
            .WithSummary("Create session recordings persist").Produces<SessionRecordingDto>().WithDescription("Keeps the recording beyond the environment's retention.");
    }

    // Web orchestrates: the Recordings module deletes the data, then the Sharing module forgets the link (modules
    // never call upward). A link left by a failure in between opens nothing: the share page asks Recordings first.
    private static async Task<IResult> Delete(HttpContext http, string id, IRecordingsModule recordings, ISharingModule sharing, CancellationToken ct)
    {
        if (!await recordings.DeleteRecordingAsync(http.ProjectId(), id, ct)) return SessionRecordingsApi.RecordingNotFound();
        await sharing.RemoveAsync(http.ProjectId(), id, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> Persist(HttpContext http, string id, IRecordingsModule recordings, CancellationToken ct)
    {
        if (!await recordings.PersistRecordingAsync(http.ProjectId(), id, ct)) return SessionRecordingsApi.RecordingNotFound();
        return await recordings.GetRecordingAsync(http.ProjectId(), id, http.ApiKey().OwnerAdminId, ct) is { } r
            ? Results.Ok(await SessionRecordingDto.OneAsync(http, http.ProjectId(), r, ct))
            : SessionRecordingsApi.RecordingNotFound();
    }

}
