namespace Web.Api;

/// <summary>PostHog's limit/offset pagination: <c>{count, next, previous, results}</c> with absolute URLs.</summary>
internal sealed record Page<T>(int Count, string? Next, string? Previous, IReadOnlyList<T> Results);

internal sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Reads <c>limit</c> and <c>offset</c>; an error message when they are not usable.</summary>
    public static (Paging Paging, string? Error) From(HttpRequest request)
    {
        var limit = DefaultLimit;
        var offset = 0;
        if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, out limit) || limit < 1))
            return (null!, "limit must be a positive integer.");
        if (request.Query.TryGetValue("offset", out var o) && (!int.TryParse(o, out offset) || offset < 0))
            return (null!, "offset must be a non-negative integer.");
        return (new Paging(Math.Min(limit, MaxLimit), offset), null);
    }

    public Page<T> Build<T>(HttpRequest request, int count, IReadOnlyList<T> results)
    {
        var origin = Hosting.PublicOrigin.Of(request.HttpContext);
        string Link(int offset) => $"{origin}{request.Path}?{QueryWith(request, Limit, offset)}";
        var next = Offset + Limit < count ? Link(Offset + Limit) : null;
        var previous = Offset > 0 ? Link(Math.Max(0, Offset - Limit)) : null;
        return new Page<T>(count, next, previous, results);
    }

    private static string QueryWith(HttpRequest request, int limit, int offset)
    {
        var pairs = request.Query.Where(q => q.Key is not ("limit" or "offset"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"limit={limit}").Append($"offset={offset}");
        return string.Join('&', pairs);
    }
}
