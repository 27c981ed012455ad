using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Modules.Recordings.Data;

namespace Modules.Recordings.Ingestion;

/// <summary>Validates the behaviour events of a batch and turns them into rows (not yet tied to a recording).</summary>
internal static class BehaviorEventReader
{
    public static readonly HashSet<string> Types =
        ["pageview", "pageleave", "click", "input", "error", "console", "custom", "identify"];

    public static List<BehaviorEventRow> Read(JsonElement events, string windowId, ClockCorrection clock)
    {
        var rows = new List<BehaviorEventRow>(events.GetArrayLength());
        foreach (var e in events.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) throw IngestionRejected.Invalid("Each event must be an object.", "events");
            var type = SdkRequest.RequiredString(e, "type", 32);
            if (!Types.Contains(type)) throw IngestionRejected.Invalid($"Unknown event type '{type}'.", "events.type");
            rows.Add(new BehaviorEventRow
            {
                WindowId = windowId,
                Type = type,
                TimestampMs = clock.Correct(SdkRequest.RequiredLong(e, "timestamp"), "events.timestamp"),
                Name = SdkRequest.OptionalString(e, "name", 200),
                Url = SdkRequest.OptionalString(e, "url", IngestionColumnLimits.Url),
                Selector = SdkRequest.OptionalString(e, "selector", 1000),
                Text = SdkRequest.OptionalString(e, "text", IngestionColumnLimits.Text),
                PropertiesJson = Properties(e),
            });
        }
        return rows;
    }

    private static string? Properties(JsonElement e)
    {
        if (!e.TryGetProperty("properties", out var p) || p.ValueKind == JsonValueKind.Null) return null;
        if (p.ValueKind != JsonValueKind.Object) throw IngestionRejected.Invalid("properties must be an object.", "events.properties");
        var raw = JsonMarshal.GetRawUtf8Value(p);
        if (raw.Length > IngestionColumnLimits.Properties)
            throw IngestionRejected.Invalid($"properties are longer than {IngestionColumnLimits.Properties} bytes.", "events.properties");
        RequireReadable(raw);
        return Encoding.UTF8.GetString(raw);
    }

    /// <summary>Nesting properties may have: every reader (and the API's answers, which nest them a few levels deeper) reads this deep.</summary>
    public const int MaxPropertiesDepth = 32;

    /// <summary>
    /// Properties are stored as sent and read back by the API, the dashboard and error clustering: what is accepted here
    /// must be readable there, so nesting beyond <see cref="MaxPropertiesDepth"/> and strings with an escaped lone
    /// surrogate (<c>"\ud800"</c>, valid JSON that no reader can decode) are refused.
    /// </summary>
    private static void RequireReadable(ReadOnlySpan<byte> properties)
    {
        var reader = new Utf8JsonReader(properties, new JsonReaderOptions { MaxDepth = MaxPropertiesDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= MaxPropertiesDepth && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    throw IngestionRejected.Invalid($"properties may nest at most {MaxPropertiesDepth} levels.", "events.properties");
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped) reader.GetString();
            }
        }
        catch (InvalidOperationException)
        {
            throw IngestionRejected.Invalid("properties hold a string with an unpaired UTF-16 surrogate.", "events.properties");
        }
        catch (JsonException)
        {
            throw IngestionRejected.Invalid($"properties may nest at most {MaxPropertiesDepth} levels.", "events.properties");
        }
    }
}
