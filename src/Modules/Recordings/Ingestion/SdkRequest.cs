using System.Text.Json;
using System.Text.RegularExpressions;

namespace Modules.Recordings.Ingestion;

/// <summary>The fields every SDK request carries: which environment, session and tab it comes from.</summary>
internal sealed partial record SdkRequest(string Token, string SessionId, string WindowId)
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1000 };

    public static JsonDocument ParseBody(ReadOnlyMemory<byte> body)
    {
        try
        {
            var doc = JsonDocument.Parse(body, DocumentOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw IngestionRejected.Invalid("The body must be a JSON object.");
            }
            return doc;
        }
        catch (JsonException)
        {
            throw new IngestionRejected(400, "invalid_json", "The body is not valid JSON.");
        }
    }

    public static SdkRequest From(JsonElement root, IngestionLimits limits) => new(
        RequiredString(root, "token", 64),
        Id(root, "session_id", limits),
        Id(root, "window_id", limits));

    private static string Id(JsonElement root, string name, IngestionLimits limits)
    {
        var value = RequiredString(root, name, limits.MaxIdLength);
        if (!IdPattern().IsMatch(value))
            throw IngestionRejected.Invalid($"{name} may only hold letters, digits and . _ : -", name);
        return value;
    }

    public static string RequiredString(JsonElement root, string name, int maxLength) =>
        OptionalString(root, name, maxLength) ?? throw IngestionRejected.Invalid($"{name} is required.", name);

    public static string? OptionalString(JsonElement obj, string name, int maxLength)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw IngestionRejected.Invalid($"{name} must be a string.", name);
        var text = value.GetString()!;
        if (text.Length == 0) return null;
        if (text.Length > maxLength) throw IngestionRejected.Invalid($"{name} is longer than {maxLength} characters.", name);
        return text;
    }

    public static long RequiredLong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            throw IngestionRejected.Invalid($"{name} must be an integer.", name);
        return number;
    }

    public static JsonElement OptionalArray(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return EmptyArray;
        if (value.ValueKind != JsonValueKind.Array) throw IngestionRejected.Invalid($"{name} must be an array.", name);
        return value;
    }

    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement;

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex IdPattern();
}
