using System.Text.RegularExpressions;

namespace Web.Ingestion;

/// <summary>
/// posthog-js loads its recorder from <c>api_host</c> as <c>/static/{version}/lazy-recorder.js</c> or
/// <c>/static/lazy-recorder.js?v={version}</c>, as a cross-origin script (<c>crossorigin="anonymous"</c>): both forms
/// are served from the one copy the build took from the npm package, readable from any site.
/// </summary>
internal sealed partial class PosthogScripts(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/static", out var rest))
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            if (VersionedPath().Match(rest.Value ?? "") is { Success: true } m) http.Request.Path = "/static/" + m.Groups[1].Value;
        }
        return next(http);
    }

    [GeneratedRegex(@"^/\d+\.\d+\.\d+[^/]*/([a-z0-9-]+\.js)$")]
    private static partial Regex VersionedPath();
}
