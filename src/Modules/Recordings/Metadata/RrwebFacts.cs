using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Modules.Recordings.Metadata;

/// <summary>
/// What the metadata reads of one rrweb event: its type, data.source, data.type and data.id (the mouse interaction), data.href
/// (Meta) and, from the console plugin (<c>rrweb/console@1</c>), payload.level with the raw JSON of payload.payload
/// and payload.trace, decoded only for the warnings and errors that are kept.
/// </summary>
internal ref struct RrwebFacts
{
    public int Type;
    public int? Source;
    public int? InteractionType;
    public long? NodeId;
    public string? Href;
    public string? ConsoleLevel;
    public ReadOnlySpan<byte> PayloadJson;
    public ReadOnlySpan<byte> TraceJson;

    public static RrwebFacts Of(int type, JsonElement e)
    {
        var f = new RrwebFacts { Type = type };
        if (!e.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return f;
        if (type == 4 && data.TryGetProperty("href", out var h) && h.ValueKind == JsonValueKind.String) f.Href = h.GetString();
        else if (type == 3 && data.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n))
        {
            f.Source = n;
            if (n == 2 && data.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var i)) f.InteractionType = i;
            if (n == 2 && data.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var node)) f.NodeId = node;
        }
        else if (type == 6 && data.TryGetProperty("plugin", out var plugin) && plugin.ValueKind == JsonValueKind.String && plugin.ValueEquals("rrweb/console@1")
            && data.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.String)
        {
            f.ConsoleLevel = level.GetString();
            if (payload.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Array) f.PayloadJson = JsonMarshal.GetRawUtf8Value(p);
            if (payload.TryGetProperty("trace", out var tr) && tr.ValueKind == JsonValueKind.Array) f.TraceJson = JsonMarshal.GetRawUtf8Value(tr);
        }
        return f;
    }

    /// <summary>
    /// The console message: the plugin's payload items (each the JSON text of one argument) joined by spaces, a string
    /// argument unquoted, cut to 1000 characters.
    /// </summary>
    public readonly string ConsoleMessage()
    {
        var text = new StringBuilder();
        foreach (var item in Strings(PayloadJson))
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(Unquoted(item));
            if (text.Length > 1000) break;
        }
        return text.Length > 1000 ? text.ToString(0, 1000) : text.ToString();
    }

    /// <summary>The trace as <c>{"stack": "at …\nat …"}</c> (the shape error fingerprints read), or null without one.</summary>
    public readonly string? StackJson()
    {
        var frames = Strings(TraceJson).Take(10).Select(f => "at " + f).ToList();
        if (frames.Count == 0) return null;
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["stack"] = string.Join('\n', frames) }, StackJsonContext.Default.DictionaryStringString);
        return json.Length > 8000 ? null : json;
    }

    private static List<string> Strings(ReadOnlySpan<byte> arrayJson)
    {
        var items = new List<string>();
        if (arrayJson.IsEmpty) return items;
        var reader = new Utf8JsonReader(arrayJson);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            if (reader.TokenType == JsonTokenType.String) items.Add(reader.GetString()!);
            else reader.Skip();
        return items;
    }

    private static string Unquoted(string item)
    {
        if (item.Length < 2 || item[0] != '"') return item;
        try { return JsonSerializer.Deserialize(item, StackJsonContext.Default.String) ?? item; }
        catch (JsonException) { return item; }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StackJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
