using System.Text.Json;

namespace Web.Api;

/// <summary>
/// Properties stored with a recording or event, read back for an answer. Ingestion refuses what could not be read
/// (nesting beyond 32 levels, strings with an unpaired surrogate), but data stored before those rules — or by any
/// other writer — must not break an answer that lists many recordings: such a value reads as absent.
/// </summary>
internal static class StoredJson
{
    private const int MaxDepth = 32;
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth + 1 };

    public static JsonElement? Read(string? json)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            return Readable(doc.RootElement, 0) ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Readable(JsonElement e, int depth)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth >= MaxDepth) return false;
                foreach (var p in e.EnumerateObject())
                    if (!Decodes(() => p.Name) || !Readable(p.Value, depth + 1)) return false;
                return true;
            case JsonValueKind.Array:
                if (depth >= MaxDepth) return false;
                foreach (var item in e.EnumerateArray())
                    if (!Readable(item, depth + 1)) return false;
                return true;
            case JsonValueKind.String:
                return Decodes(() => e.GetString());
            default:
                return true;
        }
    }

    private static bool Decodes(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
