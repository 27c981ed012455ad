using System.Text.Json;

namespace Web.Api;

/// <summary>Reads a request body that must be one JSON object whose fields are all known.</summary>
internal static class JsonBody
{
    /// <summary>The body, or the 400 to answer: not JSON, not an object, or a field not in <paramref name="known"/> (all such named).</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, string example, IReadOnlyCollection<string> known, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return (default, ApiError.BadRequest($"The body must be a JSON object: {example}."));
        }
        if (body.ValueKind != JsonValueKind.Object) return (default, ApiError.BadRequest($"The body must be a JSON object: {example}."));
        var unknown = body.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0)
            return (default, ApiError.BadRequest(
                $"Unknown field{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.", unknown[0]));
        return (body, null);
    }
}
