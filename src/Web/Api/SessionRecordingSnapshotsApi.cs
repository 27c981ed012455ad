using Modules.Environments.Contracts;
using Modules.Recordings;
using Web.Replay;

namespace Web.Api;

/// <summary>
/// <c>…/session_recordings/{id}/snapshots</c>, PostHog's two steps: without <c>source</c> the list of sources (every
/// part as <c>blob_v2</c> with a numbered <c>blob_key</c>, as PostHog's current clients expect); with <c>source</c>
/// that part's (or range's) data as JSON lines <c>[window_id, event]</c>, streamed, and one gzip member when the
/// client accepts gzip. The same front end serves the player and the share page (<see cref="SnapshotStreaming"/>).
/// </summary>
internal static class SessionRecordingSnapshotsApi
{
    /// <param name="api">The session recordings group (<see cref="ApiRoutes"/>).</param>
    public static void MapSessionRecordingSnapshotsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{id}/snapshots", Snapshots).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_snapshots_retrieve")
            .WithSummary("Retrieve session recordings snapshots")
            .Produces<SnapshotStreaming.SnapshotSourcesDto>().Produces<string>(200, "application/jsonl")
            .WithDescription("Call twice: first without source to get {\"sources\": [...]}, then with source=blob_v2 and blob_key=K or start_blob_key=A&end_blob_key=B for their JSON lines. Reading the listed hot entry (the last, numbered 1000000000 + the number of segments listed) also serves whatever the archive job moved out of it since the list was made, so every event comes back exactly once.");
    }

    private static Task<IResult> Snapshots(HttpContext http, string id, [AsParameters] SnapshotQuery.Parameters query, IRecordingSnapshots snapshots) =>
        SnapshotStreaming.AnswerAsync(http, query,
            ct => snapshots.ListSnapshotSourcesAsync(http.ProjectId(), id, ct),
            async (source, key, body, encoding, ct) => await snapshots.WriteSnapshotSourceAsync(http.ProjectId(), id, source, key, body, encoding, ct),
            SessionRecordingsApi.RecordingNotFound);
}
