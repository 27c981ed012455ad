using Modules.Recordings;
using Modules.Sharing;
using Web.Api;

namespace Web.Replay;

/// <summary>
/// What the player pages fetch: for signed-in admins under <c>/dashboard/…</c> (cookie), for the public share page
/// under <c>/shared/{token}/…</c> (the token is the only key, and opens one recording's snapshots, nothing else).
/// Both answer exactly as the REST API's snapshots endpoint does (<see cref="SnapshotStreaming"/>).
/// </summary>
internal static class ReplayData
{
    public static void MapReplayData(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/dashboard/environments/{environmentId:int}/recordings/{sessionId}").RequireAuthorization();
        admin.MapGet("/snapshots", (HttpContext http, int environmentId, string sessionId, [AsParameters] SnapshotQuery.Parameters query,
                IRecordingSnapshots snapshots) =>
            SnapshotStreaming.AnswerAsync(http, query,
                ct => snapshots.ListSnapshotSourcesAsync(environmentId, sessionId, ct),
                async (source, key, body, encoding, ct) => await snapshots.WriteSnapshotSourceAsync(environmentId, sessionId, source, key, body, encoding, ct),
                () => ApiError.NotFound("Recording not found.")));
        admin.MapGet("/events", async (int environmentId, string sessionId, IRecordingInsights insights, CancellationToken ct) =>
            await insights.ListBehaviorEventsAsync(environmentId, sessionId, 10_000, 0, ct) is { } page
                ? Results.Ok(new { count = page.Count, results = page.Results })
                : ApiError.NotFound("Recording not found."));

        app.MapGet("/shared/{token}/snapshots", (HttpContext http, string token, [AsParameters] SnapshotQuery.Parameters query, ISharingModule sharing) =>
            SnapshotStreaming.AnswerAsync(http, query,
                ct => sharing.ListSharedSourcesAsync(token, ct),
                (source, key, body, encoding, ct) => sharing.WriteSharedSourceAsync(token, source, key, body, encoding, ct),
                () => ApiError.NotFound("Recording not found.")));
    }
}
