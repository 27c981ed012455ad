using System.Text.Json;

namespace Recordings.Tests.Api;

/// <summary>The JSON response examples of the PostHog seed, parsed from the seed file itself.</summary>
public static class SeedExamples
{
    private static readonly Lazy<List<JsonElement>> All = new(() => File.ReadAllLines(TestFixtures.Seed("posthog-session-recordings-api.txt"))
        .Where(l => l.TrimStart().StartsWith("{\"", StringComparison.Ordinal))
        .Select(l => JsonDocument.Parse(l).RootElement).ToList());

    public static JsonElement List => All.Value.Single(e => e.TryGetProperty("count", out _));

    public static JsonElement Recording => All.Value.First(e => e.TryGetProperty("recording_duration", out _));

    public static JsonElement Sharing => All.Value.Single(e => e.TryGetProperty("access_token", out _));

    /// <summary>
    /// Where the seed's generated example shows a placeholder type and PostHog's API (and ours) answers the real one:
    /// <c>viewed</c> is a boolean and <c>person.distinct_ids</c> an array of strings.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, JsonValueKind> KnownPlaceholders = new Dictionary<string, JsonValueKind>
    {
        ["viewed"] = JsonValueKind.True,
        ["person.distinct_ids"] = JsonValueKind.Array,
    };

    /// <summary>Every key of the example (nested objects included) is present in <paramref name="actual"/> with the same JSON type.</summary>
    public static void AssertSameShape(JsonElement example, JsonElement actual, string path = "")
    {
        Assert.Equal(JsonValueKind.Object, actual.ValueKind);
        foreach (var property in example.EnumerateObject())
        {
            var key = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            Assert.True(actual.TryGetProperty(property.Name, out var value), $"missing key '{key}' in {actual}");
            if (KnownPlaceholders.TryGetValue(key, out var kind))
            {
                Assert.True(Kind(value.ValueKind) == Kind(kind), $"'{key}' is {value.ValueKind}, expected {kind}");
                continue;
            }
            // The seed writes null for free-form properties: any object is fine there.
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            Assert.True(Kind(property.Value.ValueKind) == Kind(value.ValueKind), $"'{key}' is {value.ValueKind}, the seed has {property.Value.ValueKind}");
            if (property.Value.ValueKind == JsonValueKind.Object) AssertSameShape(property.Value, value, key);
            if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString()!.EndsWith('Z') && property.Value.TryGetDateTimeOffset(out _))
                Assert.True(value.TryGetDateTimeOffset(out _), $"'{key}' is not an ISO 8601 time: {value}");
            if (property.Value.ValueKind == JsonValueKind.String && Guid.TryParse(property.Value.GetString(), out _))
                Assert.True(Guid.TryParse(value.GetString(), out _), $"'{key}' is not a UUID: {value}");
        }
    }

    private static JsonValueKind Kind(JsonValueKind k) => k == JsonValueKind.False ? JsonValueKind.True : k;
}
