namespace Web.Hosting;

/// <summary>
/// Headers every response of ours carries. The Hangfire dashboard brings its own inline scripts, so it gets no CSP;
/// it sits behind admin sign-in. The API reference page (Scalar) starts from an inline module script and styles
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

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        if (!context.Request.Path.StartsWithSegments("/admin/jobs"))
        {
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Api.ApiDocumentation.ReferencePath) ? ReferencePolicy : Policy;
            headers.XFrameOptions = "DENY";
        }
        return next(context);
    }
}
