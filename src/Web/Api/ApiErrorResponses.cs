using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Web.Api;

/// <summary>
/// Under /api (and /ingest, whose errors have the same shape) every failure answers JSON: unparseable requests become 400 (never 500), and bare status codes
/// from routing (404, 405) get a body.
/// </summary>
internal sealed class ApiErrorResponses(RequestDelegate next, IOptions<JsonOptions> json, ILogger<ApiErrorResponses> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/ingest"))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Write(context, e.StatusCode, new ApiError("validation_error", "invalid_input", e.Message));
            return;
        }
        catch (JsonException) when (!context.Response.HasStarted)
        {
            await Write(context, 400, new ApiError("validation_error", "invalid_json", "The request body is not valid JSON."));
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            log.LogError(e, "Unhandled error on {Route}", Logging.RequestLogScope.Route(context));
            await Write(context, 500, new ApiError("server_error", "error", "Something went wrong on the server."));
            return;
        }
        if (context.Response is { HasStarted: false, ContentLength: null, StatusCode: 404 or 405 } && context.Response.ContentType is null)
            await Write(context, context.Response.StatusCode, context.Response.StatusCode == 404
                ? new ApiError("invalid_request", "not_found", "Not found.")
                : new ApiError("invalid_request", "method_not_allowed", $"Method \"{context.Request.Method}\" not allowed."));
    }

    private Task Write(HttpContext context, int status, ApiError error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, json.Value.SerializerOptions);
    }
}
