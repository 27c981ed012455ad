using System.Text.Json;

namespace Web.Ingestion;

/// <summary>
/// The events of a posthog-js request: an array of events (its batched requests), <c>{api_key, batch, sent_at}</c>,
/// or a single event; and the time it was sent on the client's clock (the <c>_</c> query parameter, else
/// <c>sent_at</c>), which our pipeline's clock correction needs.
/// </summary>
internal sealed record PosthogEnvelope(IReadOnlyList<JsonElement> Events, string Token, long SentAtMs)
{
    public const int MaxEvents = 5000;

    public static PosthogEnvelope From(JsonElement root, IQueryCollection query, long nowMs)
    {
        var events = new List<JsonElement>();
        string? token = null;
        long? sentAt = null;
        if (root.ValueKind == JsonValueKind.Array) events.AddRange(root.EnumerateArray());
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out var batch))
        {
            if (batch.ValueKind != JsonValueKind.Array) throw Invalid("batch must be an array.");
            events.AddRange(batch.EnumerateArray());
            token = Text(root, "api_key") ?? Text(root, "token");
            sentAt = Time(root, "sent_at");
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event", out _)) events.Add(root);
        else throw Invalid("The body must be an event, an array of events or {batch: [...]}.");
        if (events.Count == 0) throw Invalid("The body holds no events.");
        if (events.Count > MaxEvents) throw new PosthogRejected(413, "too_many_events", $"A request may hold at most {MaxEvents} events.");
        foreach (var e in events)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Invalid("Each event must be an object.");
            if (!e.TryGetProperty("properties", out var p) || p.ValueKind != JsonValueKind.Object) throw Invalid("Each event needs properties.");
            var eventToken = Text(p, "token") ?? Text(e, "api_key");
            if (eventToken is null) continue;
            if (token is not null && token != eventToken) throw Invalid("The events of one request must share their token.");
            token = eventToken;
        }
        if (query["_"].FirstOrDefault() is { } underscore && long.TryParse(underscore, out var ms)) sentAt = ms;
        return new PosthogEnvelope(events, token ?? throw new PosthogRejected(401, "invalid_token", "No token was sent."), sentAt ?? nowMs);
    }

    public static string? Text(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw Invalid($"The object holding {name} is not an object.");
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return String(value, name);
    }

    /// <summary>A JSON string's text; a 400 for another kind of value or an escaped lone surrogate no reader could decode.</summary>
    public static string String(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.String) throw Invalid($"{name} must be a string.");
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid($"{name} holds an unpaired UTF-16 surrogate.");
        }
    }

    /// <summary>An event's time: its <c>timestamp</c> (ISO 8601), else the send time less its <c>offset</c>.</summary>
    public long EventTimeMs(JsonElement e)
    {
        if (Time(e, "timestamp") is { } at) return at;
        if (e.TryGetProperty("offset", out var offset) && offset.TryGetInt64(out var ms)) return SentAtMs - ms;
        return SentAtMs;
    }

    private static long? Time(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms)) return ms;
        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUnixTimeMilliseconds();
        throw Invalid($"{name} must be a time.");
    }

    public static PosthogRejected Invalid(string detail) => new(400, "invalid_input", detail);
}
