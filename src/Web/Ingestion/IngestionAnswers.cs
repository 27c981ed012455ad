using Modules.Recordings.Contracts;

namespace Web.Ingestion;

/// <summary>The JSON error every ingestion endpoint answers (ours and posthog-js's).</summary>
public sealed record IngestionError(string Type, string Code, string Detail, string? Attr = null);

/// <summary>
/// The one place an ingestion request's outcome becomes HTTP: the status of each refusal, whether the browser may read
/// the answer (CORS), and Retry-After for the refusals a client should send again.
/// </summary>
internal static class IngestionAnswers
{
    /// <summary>Runs the module's work and answers its result as JSON, or its refusal (see <see cref="Refused"/>).</summary>
    public static async Task<IResult> AnswerAsync<T>(HttpContext http, Func<Task<T>> work, Func<T, IResult>? ok = null)
    {
        T result;
        try
        {
            result = await work();
        }
        catch (IngestionRefusedException e)
        {
            return Refused(http, e);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits (body size, data rate): still a JSON answer, and nothing was stored.
            IngestionEndpoints.AllowOrigin(http);
            return Results.Json(new IngestionError("invalid_request", "bad_request", e.Message), statusCode: e.StatusCode);
        }
        catch (Exception e) when (e is not (OperationCanceledException or PosthogRejected))
        {
            // The batch could not be stored (it was not acknowledged): the SDK retries a 503 after Retry-After.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestionAnswers)).LogError(e, "Ingestion failed");
            IngestionEndpoints.AllowOrigin(http);
            http.Response.Headers.RetryAfter = "5";
            return Results.Json(new IngestionError("server_error", "store_failed", "The server could not store this; retry later."), statusCode: 503);
        }
        IngestionEndpoints.AllowOrigin(http);
        return ok is null ? Results.Json(result) : ok(result);
    }

    public static IResult Refused(HttpContext http, IngestionRefusedException e)
    {
        // An origin the environment does not allow gets no CORS headers: its page cannot even read the refusal.
        if (e.Refusal != IngestionRefusal.ForeignOrigin) IngestionEndpoints.AllowOrigin(http);
        if (e.RetryAfter is { } wait) http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
        var (status, type) = e.Refusal switch
        {
            IngestionRefusal.Unauthenticated => (401, "authentication_error"),
            IngestionRefusal.ForeignOrigin or IngestionRefusal.Forbidden => (403, "authentication_error"),
            IngestionRefusal.Timeout => (408, "validation_error"),
            IngestionRefusal.TooLarge => (413, "invalid_request"),
            IngestionRefusal.UnsupportedEncoding => (415, "validation_error"),
            IngestionRefusal.RateLimited => (429, "throttled"),
            IngestionRefusal.Overloaded or IngestionRefusal.StorageUnavailable => (503, "throttled"),
            _ => (400, "validation_error"),
        };
        return Results.Json(new IngestionError(type, e.Code, e.Message, e.Attr), statusCode: status);
    }
}
