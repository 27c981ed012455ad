using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>
/// <c>…/session_recordings/{id}/snapshots</c>, PostHog's two steps: without <c>source</c> the list of sources (each cold
/// segment as <c>blob</c> with its <c>blob_key</c>, then the hot <c>realtime</c> part); with <c>source</c> that part's
/// data as JSON lines <c>[window_id, event]</c>, streamed, and gzip-encoded when the client accepts gzip (the stored
/// gzip members are sent as they are, so nothing is recompressed).
/// </summary>
internal static class SessionRecordingSnapshotsApi
{
    internal sealed record SnapshotSourcesDto(IReadOnlyList<SourceDto> Sources);

    internal sealed record SourceDto(string Source, string? BlobKey, DateTimeOffset StartTimestamp, DateTimeOffset EndTimestamp);

    public static void MapSessionRecordingSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api" + SessionRecordingsApi.Base).AddEndpointFilter<ApiKeyAuthentication>()
            .WithTags("Session recordings").WithApiErrors();
        api.MapGet("/{id}/snapshots", Snapshots).RequireScope(ApiScopes.RecordingRead).WithName("session_recordings_snapshots_retrieve")
            .WithSummary("Retrieve session recordings snapshots")
            .Produces<SnapshotSourcesDto>().Produces<string>(200, "application/jsonl")
            .WithQueryParameters(new QueryParameterDoc("source", "blob or realtime, as listed."), new QueryParameterDoc("blob_key", "With source=blob: the segment's key."))
            .WithDescription("Call twice: first without source to get {\"sources\": [...]}, then once per source with source=blob&blob_key=… or source=realtime for its JSON lines.");
    }

    private static async Task<IResult> Snapshots(HttpContext http, string id, IRecordingsModule recordings, CancellationToken ct)
    {
        var source = QueryValues.Text(http.Request, "source");
        if (source is null)
        {
            var sources = await recordings.ListSnapshotSourcesAsync(http.ProjectId(), id, ct);
            if (sources is null) return SessionRecordingsApi.RecordingNotFound();
            return Results.Ok(new SnapshotSourcesDto(sources.Select(s => new SourceDto(s.Source, s.BlobKey,
                DateTimeOffset.FromUnixTimeMilliseconds(s.StartMs), DateTimeOffset.FromUnixTimeMilliseconds(s.EndMs))).ToList()));
        }
        if (source is not (SnapshotSource.Blob or SnapshotSource.Realtime))
            return ApiError.BadRequest("source must be blob or realtime, as listed by this endpoint without source.", "source");
        var blobKey = QueryValues.Text(http.Request, "blob_key");
        if (source == SnapshotSource.Blob && blobKey is null) return ApiError.BadRequest("source=blob needs the blob_key listed with it.", "blob_key");
        return new SnapshotStreamResult(id, source, source == SnapshotSource.Blob ? blobKey : null, recordings);
    }
}
