using System.Text.Json;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// What rrweb's schema requires of an event for a player to use it, gathered from either body form and checked in one
/// place. An event rrweb would never write (a meta event without <c>data.href</c>, a console-plugin event whose payload is
/// not <c>{level, payload: [...]}</c>) stops rrweb's player at that event, so it is refused at ingestion, with its batch.
/// </summary>
internal struct RrwebEventShape
{
    public bool DataIsObject;
    public bool HasHref;
    public bool HasNode;
    public bool ConsolePlugin;
    public bool ConsolePayloadValid;

    public const string ConsolePluginName = "rrweb/console@1";

    /// <summary>The event's shape from a parsed event (the plain JSON body).</summary>
    public static RrwebEventShape Of(JsonElement e)
    {
        var shape = new RrwebEventShape();
        if (!e.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return shape;
        shape.DataIsObject = true;
        shape.HasHref = data.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String;
        shape.HasNode = data.TryGetProperty("node", out var node) && node.ValueKind == JsonValueKind.Object;
        shape.ConsolePlugin = data.TryGetProperty("plugin", out var plugin) && plugin.ValueKind == JsonValueKind.String
            && plugin.ValueEquals(ConsolePluginName);
        shape.ConsolePayloadValid = data.TryGetProperty("payload", out var payload) && IsConsolePayload(payload);
        return shape;
    }

    public static bool IsConsolePayload(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.String
        && payload.TryGetProperty("payload", out var args) && args.ValueKind == JsonValueKind.Array;

    /// <summary>
    /// Refuses an event of a known type without what rrweb's player reads unguarded (and stops at): <c>data</c> for
    /// types 2–6, a full snapshot's <c>node</c>, a meta event's <c>href</c>, a console-plugin event's payload. Odd
    /// values it reads with care (a string <c>source</c>, an unknown plugin) are stored and counted as nothing.
    /// </summary>
    public readonly void Check(long type)
    {
        var problem = type switch
        {
            >= 2 and <= 6 when !DataIsObject => $"an event of type {type} needs data, an object",
            2 when !HasNode => "a full snapshot (type 2) needs data.node, an object",
            4 when !HasHref => "a meta event (type 4) needs data.href, a string",
            6 when ConsolePlugin && !ConsolePayloadValid => "a console-plugin event needs data.payload = {level: string, payload: array}",
            _ => null,
        };
        if (problem is not null) throw IngestionRejected.Invalid($"Not an rrweb event: {problem}.", "snapshots.data");
    }
}
