namespace Web.Api;

/// <summary>
/// PostHog's limit/offset pagination: <c>{count, has_next, next, previous, results}</c> with absolute URLs. PostHog's
/// current clients page with <c>has_next</c> and <c>offset</c>; older ones follow <c>next</c>.
/// </summary>
internal sealed record Page<T>(int Count, bool HasNext, string? Next, string? Previous, IReadOnlyList<T> Results);

internal sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Reads <c>limit</c> and <c>offset</c>; an error message and the parameter it is about when they are not usable.</summary>
    public static (Paging Paging, string? Error, string Attr) From(HttpRequest request)
    {
        var limit = DefaultLimit;
        var offset = 0;
        if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit < 1))
            return (null!, "limit must be a positive integer.", "limit");
        if (request.Query.TryGetValue("offset", out var o) && (!int.TryParse(o, out offset) || offset < 0))
            return (null!, $"offset must be an integer from 0 to {int.MaxValue}.", "offset");
        return (new Paging(Math.Min(limit, MaxLimit), offset), null, "");
    }

    public Page<T> Build<T>(HttpRequest request, int count, IReadOnlyList<T> results)
    {
        var origin = Hosting.PublicOrigin.Of(request.HttpContext);
        string Link(long offset) => $"{origin}{request.Path}?{QueryWith(request, Limit, offset)}";
        // In long arithmetic: an offset near int.MaxValue must not wrap to a negative one.
        var hasNext = (long)Offset + Limit < count;
        var next = hasNext ? Link((long)Offset + Limit) : null;
        var previous = Offset > 0 ? Link(Math.Max(0, Offset - Limit)) : null;
        return new Page<T>(count, hasNext, next, previous, results);
    }

    /// <summary>The request's own parameters with this page's limit and offset; the first page's link has no offset.</summary>
    private static string QueryWith(HttpRequest request, int limit, long offset)
    {
        var pairs = request.Query.Where(q => q.Key is not ("limit" or "offset"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"limit={limit}");
        if (offset > 0) pairs = pairs.Append($"offset={offset}");
        return string.Join('&', pairs);
    }
}
