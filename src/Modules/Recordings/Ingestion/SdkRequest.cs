using Modules.Recordings.Contracts;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Modules.Recordings.Ingestion;

/// <summary>The fields every SDK request carries: which environment, session and tab it comes from.</summary>
internal sealed partial record SdkRequest(string Token, string SessionId, string WindowId)
{
    /// <summary>
    /// Deep enough for rrweb's DOM trees. Duplicate keys are refused: JSON.stringify never writes them, and with them
    /// the stored bytes would keep a value other than the one checked here.
    /// </summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1000, AllowDuplicateProperties = false };

    public static JsonDocument ParseBody(ReadOnlyMemory<byte> body)
    {
        RequireUtf8(body.Span);
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
        catch (JsonException e)
        {
            throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_json", $"The body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// System.Text.Json checks UTF-8 only when a string is read; whatever is stored must be readable, so a body with
    /// invalid UTF-8 (a stray FF, an overlong C0 AF, an encoded surrogate ED A0 80) is refused whole.
    /// </summary>
    public static void RequireUtf8(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
            throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_json", "The body is not valid UTF-8.");
    }

    public static SdkRequest From(JsonElement root, IngestionLimits limits) => new(
        RequiredString(root, "token", 64),
        Id(root, "session_id", limits),
        Id(root, "window_id", limits));

    /// <summary>The same rules for the fields of a request read without a document (posthog-js's, <see cref="PosthogSnapshotScan"/>).</summary>
    public static SdkRequest Of(string token, string sessionId, string windowId, IngestionLimits limits) => new(
        Checked(token, "token", 64), CheckedId(sessionId, "session_id", limits), CheckedId(windowId, "window_id", limits));

    private static string Checked(string text, string name, int maxLength)
    {
        if (text.Length == 0) throw IngestionRejected.Invalid($"{name} is required.", name);
        if (text.Length > maxLength) throw IngestionRejected.Invalid($"{name} is longer than {maxLength} characters.", name);
        return text;
    }

    private static string CheckedId(string text, string name, IngestionLimits limits)
    {
        var value = Checked(text, name, limits.MaxIdLength);
        if (!IdPattern().IsMatch(value))
            throw IngestionRejected.Invalid($"{name} may only hold letters, digits and . _ : -", name);
        return value;
    }

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
        var text = Text(value, name);
        if (text.Length == 0) return null;
        if (text.Length > maxLength) throw IngestionRejected.Invalid($"{name} is longer than {maxLength} characters.", name);
        return text;
    }

    /// <summary>The string, or a 400 when it holds an escaped lone surrogate (<c>"\ud800"</c>), which no reader could decode.</summary>
    public static string Text(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw IngestionRejected.Invalid($"{name} is not valid text: it holds an unpaired UTF-16 surrogate.", name);
        }
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
