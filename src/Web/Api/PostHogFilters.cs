using System.Text.Json;
using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>
/// PostHog's JSON filters in the list's query string (<c>events</c>, <c>properties</c>, <c>console_log_filters</c>),
/// read into the module's conditions. What this server cannot answer exactly is refused with the reason, never ignored.
/// </summary>
internal static class PostHogFilters
{
    private const int MaxConditions = 20;

    /// <summary>PostHog's event names and ours; any other name without a <c>$</c> is a custom event's.</summary>
    private static readonly Dictionary<string, string> EventTypes = new(StringComparer.Ordinal)
    {
        ["$pageview"] = "pageview", ["$pageleave"] = "pageleave", ["$autocapture"] = "click", ["$exception"] = "error",
        ["$identify"] = "identify", ["pageview"] = "pageview", ["pageleave"] = "pageleave", ["click"] = "click",
        ["input"] = "input", ["error"] = "error", ["console"] = "console", ["identify"] = "identify", ["custom"] = "custom",
    };

    private static readonly Dictionary<string, SessionProperty> SessionKeys = new(StringComparer.Ordinal)
    {
        ["$browser"] = SessionProperty.Browser, ["$browser_version"] = SessionProperty.BrowserVersion, ["$os"] = SessionProperty.Os,
        ["$device_type"] = SessionProperty.DeviceType, ["$entry_current_url"] = SessionProperty.EntryUrl,
        ["$current_url"] = SessionProperty.CurrentUrl,
    };

    public static IReadOnlyList<EventCondition>? Events(string? json)
    {
        if (json is null) return null;
        var items = Array(json, "events");
        var conditions = new List<EventCondition>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object) throw Invalid("events", "each entry must be an object like {\"id\": \"$pageview\", \"type\": \"events\"}.");
            var kind = Str(item, "type");
            if (kind is not (null or "events"))
                throw Invalid("events", $"entries of type '{kind}' are not supported: only events (actions are not kept by this server).");
            var id = Str(item, "id") ?? Str(item, "name");
            string? type = null, name = null;
            if (id is not null)
            {
                if (EventTypes.TryGetValue(id, out var t)) type = t;
                else if (id.StartsWith('$')) throw Invalid("events", $"'{id}' is not an event this server records; it knows {string.Join(", ", EventTypes.Keys.Where(k => k.StartsWith('$')))} and custom events by name.");
                else (type, name) = ("custom", id);
            }
            var fields = new List<(EventField, ValueCondition)>();
            foreach (var p in PropertyList(item, "events"))
            {
                var key = Str(p, "key") ?? throw Invalid("events", "an event property needs a key.");
                EventField field = (Str(p, "type"), key) switch
                {
                    (_, "$current_url") => EventField.Url,
                    (_, "$el_text") or ("element", "text") => EventField.Text,
                    ("element", "selector") or (_, "$selector") => EventField.Selector,
                    _ => throw Invalid("events", $"event property '{key}' is not kept; filter on $current_url, $el_text (or element text) or element selector."),
                };
                fields.Add((field, Condition(p, "events")));
            }
            conditions.Add(new EventCondition(type, name, fields));
        }
        return Limit(conditions, "events");
    }

    public static IReadOnlyList<SessionPropertyCondition>? Properties(string? json)
    {
        if (json is null) return null;
        var conditions = new List<SessionPropertyCondition>();
        foreach (var p in Flatten(JsonRoot(json, "properties")))
        {
            var key = Str(p, "key") ?? throw Invalid("properties", "each property filter needs a key.");
            var type = Str(p, "type");
            if (type == "person")
            {
                conditions.Add(new SessionPropertyCondition(SessionProperty.Person, Condition(p, "properties"), key));
                continue;
            }
            if (type is not (null or "session" or "event"))
                throw Invalid("properties", $"property filters of type '{type}' are not supported: use session, event or person properties.");
            if (key.StartsWith("$geoip_", StringComparison.Ordinal))
                throw Invalid("properties", $"'{key}' is not known: this server does not look addresses up, so it has no country or city.");
            if (!SessionKeys.TryGetValue(key, out var property))
                throw Invalid("properties", $"property '{key}' is not kept; filter on {string.Join(", ", SessionKeys.Keys)} or person properties (type person).");
            conditions.Add(new SessionPropertyCondition(property, Condition(p, "properties")));
        }
        return Limit(conditions, "properties");
    }

    public static ConsoleCondition? Console(string? json)
    {
        if (json is null) return null;
        IReadOnlyList<string>? levels = null;
        ValueCondition? message = null;
        foreach (var p in Array(json, "console_log_filters"))
        {
            if (p.ValueKind != JsonValueKind.Object) throw Invalid("console_log_filters", "each entry must be an object like {\"key\": \"level\", \"value\": [\"error\"], \"operator\": \"exact\"}.");
            var condition = Condition(p, "console_log_filters");
            switch (Str(p, "key"))
            {
                case "level" when levels is null && condition.Operator == FilterOperator.Exact:
                    levels = condition.Values.Select(Level).Distinct().ToList();
                    break;
                case "level":
                    throw Invalid("console_log_filters", "give the levels once, with the exact operator and a list of info, warn and error.");
                case "message" when message is null && condition.Operator is not (FilterOperator.IsSet or FilterOperator.IsNotSet or FilterOperator.Gt or FilterOperator.Lt):
                    message = condition;
                    break;
                case "message":
                    throw Invalid("console_log_filters", "give one message condition, with exact, is_not, icontains, not_icontains, regex or not_regex.");
                default:
                    throw Invalid("console_log_filters", "entries filter on key level or message.");
            }
        }
        if (message is not null && (levels is null || levels.Contains("info")))
            throw Invalid("console_log_filters", "messages are kept for warn and error entries only (info entries are counted): add {\"key\": \"level\", \"value\": [\"warn\", \"error\"], \"operator\": \"exact\"}.");
        return levels is null && message is null ? null : new ConsoleCondition(levels, message);
    }

    private static string Level(string value) => value.ToLowerInvariant() switch
    {
        "info" or "log" or "debug" => "info",
        "warn" or "warning" => "warn",
        "error" => "error",
        _ => throw Invalid("console_log_filters", $"level '{value}' is not one of info, warn, error."),
    };

    private static ValueCondition Condition(JsonElement p, string attr)
    {
        var op = (Str(p, "operator") ?? "exact") switch
        {
            "exact" => FilterOperator.Exact,
            "is_not" => FilterOperator.IsNot,
            "icontains" => FilterOperator.IContains,
            "not_icontains" => FilterOperator.NotIContains,
            "regex" => FilterOperator.Regex,
            "not_regex" => FilterOperator.NotRegex,
            "is_set" => FilterOperator.IsSet,
            "is_not_set" => FilterOperator.IsNotSet,
            "gt" => FilterOperator.Gt,
            "lt" => FilterOperator.Lt,
            var other => throw Invalid(attr, $"operator '{other}' is not supported: use exact, is_not, icontains, not_icontains, regex, not_regex, is_set, is_not_set, gt or lt."),
        };
        if (op is FilterOperator.IsSet or FilterOperator.IsNotSet) return new ValueCondition(op, []);
        var values = p.TryGetProperty("value", out var v) ? Values(v, attr) : [];
        if (values.Count == 0) throw Invalid(attr, $"operator '{Str(p, "operator") ?? "exact"}' needs a value.");
        if (op is not (FilterOperator.Exact or FilterOperator.IsNot) && values.Count > 1)
            throw Invalid(attr, $"operator '{Str(p, "operator")}' takes one value, not a list.");
        if (op is FilterOperator.Regex or FilterOperator.NotRegex)
        {
            try { _ = new System.Text.RegularExpressions.Regex(values[0], System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100)); }
            catch (ArgumentException) { throw Invalid(attr, $"'{values[0]}' is not a valid regular expression."); }
        }
        return new ValueCondition(op, values);
    }

    private static List<string> Values(JsonElement v, string attr) => v.ValueKind switch
    {
        JsonValueKind.Array => [.. v.EnumerateArray().Select(e => Scalar(e, attr))],
        JsonValueKind.Null => [],
        _ => [Scalar(v, attr)],
    };

    private static string Scalar(JsonElement e, string attr) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw Invalid(attr, "values must be text, numbers or booleans."),
    };

    private static IEnumerable<JsonElement> PropertyList(JsonElement item, string attr) =>
        item.TryGetProperty("properties", out var p) && p.ValueKind != JsonValueKind.Null ? Flatten(p, attr) : [];

    /// <summary>A list of property filters, or PostHog's group form <c>{type: AND, values: [...]}</c> (nested AND groups too).</summary>
    private static IEnumerable<JsonElement> Flatten(JsonElement node, string attr = "properties")
    {
        if (node.ValueKind == JsonValueKind.Array)
            return node.EnumerateArray().SelectMany(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("values", out _) ? Flatten(e, attr) : [Object(e, attr)]);
        if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty("values", out var values))
        {
            if (Str(node, "type") is not (null or "AND"))
                throw Invalid(attr, "only AND groups of property filters are supported (every condition must hold).");
            return Flatten(values, attr);
        }
        throw Invalid(attr, "must be a JSON list of property filters like [{\"key\": \"$browser\", \"value\": \"Chrome\", \"operator\": \"exact\"}].");
    }

    private static JsonElement Object(JsonElement e, string attr) =>
        e.ValueKind == JsonValueKind.Object ? e : throw Invalid(attr, "each property filter must be an object with key, value and operator.");

    private static List<JsonElement> Array(string json, string attr)
    {
        var root = JsonRoot(json, attr);
        return root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : throw Invalid(attr, "must be a JSON list.");
    }

    private static JsonElement JsonRoot(string json, string attr)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Invalid(attr, "is not valid JSON.");
        }
    }

    private static IReadOnlyList<T>? Limit<T>(List<T> conditions, string attr) =>
        conditions.Count > MaxConditions ? throw Invalid(attr, $"holds more than {MaxConditions} conditions.") : conditions.Count == 0 ? null : conditions;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static QueryValues.Invalid Invalid(string attr, string message) => new($"{attr}: {message}", attr);

    /// <summary>How many conditions a filter set holds, for the operand check.</summary>
    public static int Count(RecordingListQuery q) =>
        (q.Events?.Count ?? 0) + (q.Properties?.Count ?? 0) + (q.Console is null ? 0 : 1);
}
