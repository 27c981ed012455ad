using System.Text.Json;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;

namespace Web.Ingestion;

/// <summary>
/// The endpoints posthog-js calls (README "Using posthog-js"), so a site running it sends its recordings here with only
/// <c>api_host</c> changed. Snapshots and events are translated into our SDK's batches and stored by the same module
/// call (<see cref="IRecordingIngestion.IngestBatchAsync"/>): same limits, single writer, quota and mode rules.
/// </summary>
internal static class PosthogJsEndpoints
{
    private static readonly string[] Paths = ["/s", "/e", "/i", "/flags", "/decide", "/array", "/batch", "/engage", "/static"];

    /// <summary>posthog-js reads its config with camelCase keys exactly as PostHog spells them.</summary>
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null, DictionaryKeyPolicy = null };

    public static bool IsPosthogPath(PathString path) => Paths.Any(p => path.StartsWithSegments(p));

    public static IEndpointRouteBuilder MapPosthogJs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/array/{token}/config", async (string token, HttpContext http, IEnvironmentCatalog environmentCatalog) =>
            await WithEnvironment(http, environmentCatalog, token, env => Results.Json(PosthogRemoteConfig.For(env.Settings), Json)));
        app.MapGet("/array/{token}/config.js", async (string token, HttpContext http, IEnvironmentCatalog environmentCatalog) =>
            await WithEnvironment(http, environmentCatalog, token, env => Results.Text(Script(env), "application/javascript")));
        app.MapPost("/flags", Flags);
        app.MapPost("/decide", Flags);
        app.MapPost("/s", Snapshots);
        foreach (var path in new[] { "/e", "/i/v0/e", "/batch" }) app.MapPost(path, Events);
        // Calls posthog-js may still make with everything else off: answered, nothing kept.
        foreach (var path in new[] { "/i/v1/logs", "/i/v1/metrics", "/engage" })
            app.MapPost(path, (HttpContext http) => { AllowOrigin(http); return Results.Json(new { status = 1 }, Json); });
        foreach (var path in new[] { "/s", "/e", "/i/v0/e", "/batch", "/flags", "/decide", "/i/v1/logs", "/i/v1/metrics", "/engage" })
            app.MapMethods(path, ["OPTIONS"], Preflight);
        return app;
    }

    private static string Script(EnvironmentInfo env) =>
        "(function(){window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};window._POSTHOG_REMOTE_CONFIG["
        + JsonSerializer.Serialize(env.Token) + "]={config:" + JsonSerializer.Serialize(PosthogRemoteConfig.For(env.Settings), Json)
        + ",siteApps:[]};})();";

    private static async Task<IResult> WithEnvironment(HttpContext http, IEnvironmentCatalog environmentCatalog, string token, Func<EnvironmentInfo, IResult> answer)
    {
        var env = await environmentCatalog.FindEnvironmentByTokenAsync(token, http.RequestAborted);
        if (env is null) return Error(http, new PosthogRejected(401, "invalid_token", "The token does not belong to any environment."));
        // A script tag sends no Origin; a browser's fetch from a page does, and must be one the environment allows.
        var origin = http.Request.Headers.Origin.FirstOrDefault();
        if (origin is not null && env.Settings.AllowedOrigins.Count > 0
            && !env.Settings.AllowedOrigins.Any(o => string.Equals(o.Trim().TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
            return Error(http, new PosthogRejected(403, "foreign_origin", $"The origin {origin} may not send to this environment."));
        AllowOrigin(http);
        http.Response.Headers.CacheControl = "no-cache";
        return answer(env);
    }

    private static async Task<IResult> Flags(HttpContext http, IEnvironmentCatalog environmentCatalog, IConfiguration configuration)
    {
        string token;
        try
        {
            using var doc = await PosthogBody.ReadAsync(http.Request, PosthogLimits.From(configuration), http.RequestAborted);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw PosthogEnvelope.Invalid("The body must be a JSON object.");
            token = PosthogEnvelope.Text(doc.RootElement, "token") ?? PosthogEnvelope.Text(doc.RootElement, "api_key")
                ?? throw new PosthogRejected(401, "invalid_token", "No token was sent.");
        }
        catch (PosthogRejected e)
        {
            return Error(http, e);
        }
        var withConfig = http.Request.Query["config"].FirstOrDefault() is "true" or "1";
        return await WithEnvironment(http, environmentCatalog, token, env => Results.Json(PosthogRemoteConfig.Flags(env.Settings, withConfig), Json));
    }

    /// <summary>
    /// The request goes to the module as posthog-js sent it (only its base64 form decoded here), which reads it in one
    /// pass into our SDK's batches (docs/ingestion.md "posthog-js").
    /// </summary>
    private static async Task<IResult> Snapshots(HttpContext http, IRecordingIngestion ingestion, IConfiguration configuration)
    {
        byte[] body;
        try
        {
            body = await PosthogBody.ReadUndecodedAsync(http.Request, PosthogLimits.From(configuration), http.RequestAborted);
        }
        catch (PosthogRejected e)
        {
            return Error(http, e);
        }
        catch (BadHttpRequestException e)
        {
            return Error(http, new PosthogRejected(e.StatusCode, "bad_request", e.Message));
        }
        long? sentAt = long.TryParse(http.Request.Query["_"].FirstOrDefault(), out var ms) ? ms : null;
        return await IngestionAnswers.AnswerAsync(http, async () =>
        {
            var acknowledged = await ingestion.IngestPosthogSnapshotsAsync(new IngestionRequest(new MemoryStream(body), null, body.Length,
                http.Request.Headers.Origin.FirstOrDefault(), http.Request.Headers.UserAgent.FirstOrDefault(), SnapshotsRequestPlayback: true),
                sentAt, http.RequestAborted);
            // posthog-js stops sending a product the answer names in quota_limited (for a minute, then asks again and
            // is refused again), and never retries a 200: the session stays behaviour-only.
            return acknowledged.Any(a => a.SnapshotsRefused) ? new { status = 1, quota_limited = new[] { "recordings" } } : (object)new { status = 1 };
        }, answer => Results.Json(answer, Json));
    }

    private static Task<IResult> Events(
        HttpContext http, IRecordingIngestion ingestion, IConfiguration configuration, TimeProvider clock, PosthogDroppedEvents dropped) =>
        Ingest(http, configuration, clock, async envelope =>
        {
            var limits = PosthogLimits.From(configuration);
            foreach (var batch in Translated(() => PosthogEvents.Translate(envelope, dropped)))
                await ingestion.IngestBatchAsync(Request(http, batch.Body, limits), http.RequestAborted);
            return new { status = 1 };
        });

    /// <summary>Reads posthog-js's request and stores what it carries; the module's refusals are answered as ours are.</summary>
    private static async Task<IResult> Ingest(HttpContext http, IConfiguration configuration, TimeProvider clock, Func<PosthogEnvelope, Task<object>> store)
    {
        try
        {
            using var doc = await PosthogBody.ReadAsync(http.Request, PosthogLimits.From(configuration), http.RequestAborted);
            var envelope = PosthogEnvelope.From(doc.RootElement, http.Request.Query, clock.GetUtcNow().ToUnixTimeMilliseconds());
            return await IngestionAnswers.AnswerAsync(http, () => store(envelope), answer => Results.Json(answer, Json));
        }
        catch (PosthogRejected e)
        {
            return Error(http, e);
        }
        catch (BadHttpRequestException e)
        {
            return Error(http, new PosthogRejected(e.StatusCode, "bad_request", e.Message));
        }
    }

    /// <summary>A value of a kind the translation did not expect (an array where an object belongs) is the client's error.</summary>
    private static T Translated<T>(Func<T> translate)
    {
        try
        {
            return translate();
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException)
        {
            throw new PosthogRejected(400, "invalid_input", $"The events are not shaped as posthog-js sends them: {e.Message}");
        }
    }

    /// <summary>The translated batch, as plain JSON; gzipped when larger than a body may be as sent.</summary>
    private static IngestionRequest Request(HttpContext http, byte[] body, PosthogLimits limits)
    {
        string? encoding = null;
        if (body.Length > limits.MaxBodyBytes / 2)
        {
            using var gz = new MemoryStream();
            using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) z.Write(body);
            body = gz.ToArray();
            encoding = "gzip";
        }
        return new IngestionRequest(new MemoryStream(body), encoding, body.Length, http.Request.Headers.Origin.FirstOrDefault(),
            http.Request.Headers.UserAgent.FirstOrDefault());
    }

    private static IResult Error(HttpContext http, PosthogRejected e)
    {
        AllowOrigin(http);
        return Results.Json(new IngestionError("invalid_request", e.Code, e.Message), statusCode: e.Status);
    }

    private static void AllowOrigin(HttpContext http) => IngestionEndpoints.AllowOrigin(http);

    private static IResult Preflight(HttpContext http)
    {
        AllowOrigin(http);
        http.Response.Headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
        http.Response.Headers.AccessControlAllowHeaders = "Content-Type, Content-Encoding";
        http.Response.Headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }
}
