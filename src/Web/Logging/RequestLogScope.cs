using System.Collections;

namespace Web.Logging;

/// <summary>
/// The fields every log line written during a request carries: the request id, the route pattern (never the path,
/// which may hold a share token, nor the query, which holds input values) and the environment id when the route names
/// one. Read when a line is written, so the route is known once routing has run.
/// </summary>
internal sealed class RequestLogScope(HttpContext context) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static string Route(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route ? "/" + route.TrimStart('/') : "(no route)";

    private static object? EnvironmentId(HttpContext context)
    {
        var values = context.Request.RouteValues;
        foreach (var name in new[] { "project_id", "environmentId" })
            if (values.TryGetValue(name, out var v) && int.TryParse(v?.ToString(), out var id)) return id;
        return context.Request.Path.StartsWithSegments("/environments") && values.TryGetValue("id", out var e) && int.TryParse(e?.ToString(), out var envId) ? envId : null;
    }

    private KeyValuePair<string, object?>[] Fields() =>
    [
        new("RequestId", context.TraceIdentifier),
        new("Route", Route(context)),
        new("EnvironmentId", EnvironmentId(context)),
    ];

    public int Count => 3;
    public KeyValuePair<string, object?> this[int index] => Fields()[index];
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Fields()).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => string.Join(", ", Fields().Select(f => $"{f.Key}:{f.Value}"));
}
