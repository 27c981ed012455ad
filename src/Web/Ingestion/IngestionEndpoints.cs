using Modules.Recordings;
using Modules.Recordings.Contracts;

namespace Web.Ingestion;

/// <summary>
/// The endpoints the SDK talks to (see docs/ingestion.md). Any site may embed the SDK, so these answer CORS for the
/// calling origin (the module refuses origins the environment does not allow) and never use cookies.
/// </summary>
internal static class IngestionEndpoints
{
    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var ingest = app.MapGroup("/ingest");
        // Each page load asks for its session's mode once, and a new session may spend playback quota: limited per
        // client address (Hosting/RateLimits.cs); the quota spent per environment is limited where it is spent.
        ingest.MapPost("/session", (HttpContext http, IRecordingIngestion ingestion) =>
            IngestionAnswers.AnswerAsync(http, () => ingestion.BeginSessionAsync(Request(http), http.RequestAborted))).RequireRateLimiting(Hosting.RateLimits.SessionStarts);
        ingest.MapPost("/playback", (HttpContext http, IRecordingIngestion ingestion) =>
            IngestionAnswers.AnswerAsync(http, () => ingestion.StartPlaybackAsync(Request(http), http.RequestAborted))).RequireRateLimiting(Hosting.RateLimits.SessionStarts);
        ingest.MapPost("/batch", (HttpContext http, IRecordingIngestion ingestion) =>
            IngestionAnswers.AnswerAsync(http, () => ingestion.IngestBatchAsync(Request(http), http.RequestAborted)));
        ingest.MapMethods("/{*path}", ["OPTIONS"], Preflight);
        // The benchmark's baseline: the same body handling without storing, only when configured.
        if (configuration.GetValue<bool>("Bench:BaselineEndpoint"))
            ingest.MapPost("/baseline", async (HttpContext http) =>
                Results.Json(new { bytes = await RecordingsModule.ReadAndDiscardAsync(http.RequestServices, Request(http), http.RequestAborted) }));
        return app;
    }

    private static IngestionRequest Request(HttpContext http) => new(
        http.Request.Body, http.Request.Headers.ContentEncoding.ToString(), http.Request.ContentLength,
        http.Request.Headers.Origin.FirstOrDefault(), http.Request.Headers.UserAgent.FirstOrDefault(), SnapshotsOffset(http));

    /// <summary>The split body's offset from the query (a simple CORS request may not add headers); -1 when unreadable, which the module refuses.</summary>
    private static long? SnapshotsOffset(HttpContext http) =>
        http.Request.Query["snapshots_offset"].FirstOrDefault() is not { } text ? null
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : -1;

    // The preflight cannot know the environment (the token is in the body), so it allows the request to be sent;
    // whether the origin may store anything is decided on the request itself.
    private static IResult Preflight(HttpContext http)
    {
        AllowOrigin(http);
        http.Response.Headers.AccessControlAllowMethods = "POST, OPTIONS";
        http.Response.Headers.AccessControlAllowHeaders = "Content-Type, Content-Encoding";
        http.Response.Headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }

    public static void AllowOrigin(HttpContext http)
    {
        if (http.Request.Headers.Origin.FirstOrDefault() is not { Length: > 0 } origin) return;
        http.Response.Headers.AccessControlAllowOrigin = origin;
        // Retry-After is not a header a cross-origin script may read unless it is named here.
        http.Response.Headers.AccessControlExposeHeaders = "Retry-After";
        http.Response.Headers.Vary = "Origin";
    }
}
