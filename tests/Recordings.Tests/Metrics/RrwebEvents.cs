using System.Text.Json.Nodes;

namespace Recordings.Tests.Metrics;

/// <summary>rrweb events as rrweb 2 and its console plugin write them, for sessions posted without our SDK.</summary>
public static class RrwebEvents
{
    public static JsonObject Meta(long at, string href) =>
        new() { ["type"] = 4, ["timestamp"] = at, ["data"] = new JsonObject { ["href"] = href, ["width"] = 1280, ["height"] = 720 } };

    public static JsonObject FullSnapshot(long at) =>
        new() { ["type"] = 2, ["timestamp"] = at, ["data"] = new JsonObject { ["node"] = new JsonObject { ["type"] = 0, ["childNodes"] = new JsonArray(), ["id"] = 1 }, ["initialOffset"] = new JsonObject { ["left"] = 0, ["top"] = 0 } } };

    /// <summary>A mouse interaction (source 2): type 2 is a click, 4 a double click, 0/1 mouse up/down.</summary>
    public static JsonObject Mouse(long at, int interaction, int node = 12) =>
        new() { ["type"] = 3, ["timestamp"] = at, ["data"] = new JsonObject { ["source"] = 2, ["type"] = interaction, ["id"] = node, ["x"] = 10, ["y"] = 20 } };

    public static JsonObject Input(long at, int node = 14) =>
        new() { ["type"] = 3, ["timestamp"] = at, ["data"] = new JsonObject { ["source"] = 5, ["text"] = "*****", ["isChecked"] = false, ["id"] = node } };

    public static JsonObject MouseMove(long at) =>
        new() { ["type"] = 3, ["timestamp"] = at, ["data"] = new JsonObject { ["source"] = 1, ["positions"] = new JsonArray(new JsonObject { ["x"] = 1, ["y"] = 2, ["id"] = 5, ["timeOffset"] = 0 }) } };

    /// <summary>The console plugin's record: each argument as its JSON text, as the plugin stringifies it.</summary>
    public static JsonObject Console(long at, string level, string message, params string[] trace) =>
        new()
        {
            ["type"] = 6, ["timestamp"] = at,
            ["data"] = new JsonObject
            {
                ["plugin"] = "rrweb/console@1",
                ["payload"] = new JsonObject
                {
                    ["level"] = level,
                    ["trace"] = new JsonArray([.. trace.Select(t => (JsonNode)JsonValue.Create(t))]),
                    ["payload"] = new JsonArray(JsonValue.Create(System.Text.Json.JsonSerializer.Serialize(message))),
                },
            },
        };
}
