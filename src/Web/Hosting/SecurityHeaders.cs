namespace Web.Hosting;

/// <summary>
/// Headers every response of ours carries. The Hangfire dashboard (behind admin sign-in) styles its pages with inline
/// style attributes, so its policy allows inline styles; its scripts are its own files. The API reference page (Scalar) starts from an inline module script and styles
/// itself at run time, so that one path alone allows inline scripts and styles; it still loads nothing from elsewhere.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Policy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string ReferencePolicy =
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
        "script-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The player pages rebuild recorded pages inside rrweb's sandboxed iframe (no allow-scripts), which inherits this
    // policy: recorded styles are inline <style> elements and recorded images and fonts come from the recorded site,
    // so those are allowed; scripts stay 'self' only, so nothing recorded can run.
    private const string ReplayPolicy =
        "default-src 'self'; img-src * data: blob:; font-src * data:; media-src * data: blob:; style-src 'self' 'unsafe-inline'; " +
        "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The public share page loads nothing from other origins: Chromium sends a Referer (this server's origin) with
    // every image a style sheet or style attribute loads, whatever the referrer policy of the page or of the replay
    // document (measured: WebHardeningBrowserTests), so recorded images, fonts and media from the recorded site are
    // not loaded there at all. The dashboard's player (signed-in admins) still shows them.
    private const string SharePolicy =
        "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
        "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string JobsPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.XContentTypeOptions = "nosniff";
        // A share link's token is in its URL: never send it to the sites whose images a replay loads.
        headers["Referrer-Policy"] = path.StartsWithSegments("/shared") ? "no-referrer" : "same-origin";
        headers.ContentSecurityPolicy = path.StartsWithSegments("/admin/jobs") ? JobsPolicy
            : path.StartsWithSegments("/shared") ? SharePolicy
            : path.StartsWithSegments(Api.ApiDocumentation.ReferencePath) ? ReferencePolicy
            : IsPlayer(path) ? ReplayPolicy
            : Policy;
        headers.XFrameOptions = "DENY";
        return next(context);
    }

    private static bool IsPlayer(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["environments", _, "recordings", _];
    }
}
