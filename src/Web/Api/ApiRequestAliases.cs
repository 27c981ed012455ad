using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace Web.Api;

/// <summary>
/// What PostHog's clients may send that the API's endpoints take in one form only, turned into that form before
/// routing: <c>?personal_api_key=</c> becomes the Authorization header (and leaves the query, so no link, log line or
/// profile built from the query carries it), and <c>/api/environments/…</c> is answered as <c>/api/projects/…</c>.
/// </summary>
internal sealed class ApiRequestAliases(RequestDelegate next)
{
    public const string KeyParameter = "personal_api_key";
    private static readonly PathString Api = "/api";
    private static readonly PathString Environments = "/api/environments";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(Api)) return next(context);
        if (request.Query.TryGetValue(KeyParameter, out var key))
        {
            // A header, when sent as well, is the one used (as PostHog does); the query's key is dropped either way.
            if (StringValues.IsNullOrEmpty(request.Headers.Authorization) && !StringValues.IsNullOrEmpty(key))
                request.Headers.Authorization = "Bearer " + key[0];
            request.QueryString = new QueryBuilder(request.Query.Where(q => q.Key != KeyParameter)
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))).ToQueryString();
        }
        if (request.Path.StartsWithSegments(Environments, out var rest))
            request.Path = new PathString("/api/projects").Add(rest);
        return next(context);
    }
}

internal static class ApiRequestAliasesExtensions
{
    /// <summary>
    /// The host's own per-request lines (category <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) are written before
    /// any middleware runs and carry the raw query, where a <c>personal_api_key</c> may be: they are kept at Warning and
    /// above whatever the settings say. Every other log line is written after <see cref="ApiRequestAliases"/> has taken
    /// the key out of the query.
    /// </summary>
    public static ILoggingBuilder KeepApiKeysOutOfRequestLogs(this ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level => level >= LogLevel.Warning);
}
