using System.Globalization;
using System.Text.Json;
using Modules.Recordings.Contracts;
using Web.Api;

namespace Web.Listing;

/// <summary>
/// The one reader of the recordings list's filters, for the REST API (<see cref="Api"/>) and the dashboard's list form
/// and playlist (<see cref="Dashboard"/>): the same rules for every value, each surface with its own parameter names,
/// the words of its messages and what it does with an error (the API refuses the request, the form shows every
/// message beside its field).
/// </summary>
internal sealed class ListFilterReader(Func<string, string?> get, ListFilterReader.Words words, Action<ListFilterReader.Field, string> fail, DateTimeOffset now)
{
    public const int MaxSessionIds = 1000;

    /// <summary>A filter's name in the query string and how messages call it.</summary>
    public sealed record Field(string Name, string Label);

    /// <summary>How one surface names the filters and what it means when a value is left out.</summary>
    public sealed record Words
    {
        public required Field From { get; init; }
        public required Field To { get; init; }
        public required Field Person { get; init; }
        public required Field PersonUuid { get; init; }
        public required Field SessionIds { get; init; }
        public required Field MinSeconds { get; init; }
        public required Field MaxSeconds { get; init; }
        public required Field StartUrl { get; init; }
        public required Field Errors { get; init; }
        public required Field Persisted { get; init; }
        public required Field Viewed { get; init; }
        public required Field Kind { get; init; }
        public required Field Order { get; init; }
        /// <summary>The values of <see cref="Kind"/>; the first is the default.</summary>
        public required (string Value, RecordingKind Kind)[] Kinds { get; init; }
        /// <summary>PostHog's <c>order=duration</c> means longest first; the form's "duration" means shortest first.</summary>
        public required bool BareOrderDescending { get; init; }
        /// <summary>The start of the list's time range when none is given (PostHog: the last three days), unless ids are asked for.</summary>
        public string? DefaultFrom { get; init; }
    }

    public static readonly Words Api = new()
    {
        From = new("date_from", "date_from"), To = new("date_to", "date_to"), Person = new("distinct_id", "distinct_id"),
        PersonUuid = new("person_uuid", "person_uuid"), SessionIds = new("session_ids", "session_ids"),
        MinSeconds = new("min_duration", "min_duration"), MaxSeconds = new("max_duration", "max_duration"),
        StartUrl = new("start_url", "start_url"), Errors = new("has_console_errors", "has_console_errors"),
        Persisted = new("persisted", "persisted"), Viewed = new("viewed", "viewed"), Kind = new("snapshot_source", "snapshot_source"),
        Order = new("order", "order"),
        Kinds = [("web", RecordingKind.Replayable), ("none", RecordingKind.BehaviorOnly), ("all", RecordingKind.All)],
        BareOrderDescending = true,
        DefaultFrom = "-3d",
    };

    public static readonly Words Dashboard = new()
    {
        From = new("from", "“From”"), To = new("to", "“To”"), Person = new("person", "“Person”"),
        PersonUuid = new("personUuid", "“Person UUID”"), SessionIds = new("sessionIds", "“Session ids”"),
        MinSeconds = new("minSeconds", "“Longer than”"), MaxSeconds = new("maxSeconds", "“Shorter than”"),
        StartUrl = new("url", "“Start URL”"), Errors = new("errors", "“Console errors”"), Persisted = new("persisted", "“Kept”"),
        Viewed = new("viewed", "“Viewed”"), Kind = new("kind", "“What to show”"), Order = new("order", "“Order”"),
        Kinds = [("all", RecordingKind.All), ("replayable", RecordingKind.Replayable), ("behavior", RecordingKind.BehaviorOnly)],
        BareOrderDescending = false,
    };

    private static readonly Dictionary<string, RecordingOrder> Orders = new(StringComparer.Ordinal)
    {
        ["start_time"] = RecordingOrder.StartTime,
        ["duration"] = RecordingOrder.Duration,
        ["recording_duration"] = RecordingOrder.Duration,
        ["active_seconds"] = RecordingOrder.ActiveSeconds,
        ["inactive_seconds"] = RecordingOrder.InactiveSeconds,
        ["activity_score"] = RecordingOrder.ActivityScore,
        ["click_count"] = RecordingOrder.Clicks,
        ["keypress_count"] = RecordingOrder.Keypresses,
        ["mouse_activity_count"] = RecordingOrder.MouseActivity,
        ["console_error_count"] = RecordingOrder.ConsoleErrors,
        ["console_errors"] = RecordingOrder.ConsoleErrors,
        ["console_warn_count"] = RecordingOrder.ConsoleWarnings,
        ["console_log_count"] = RecordingOrder.ConsoleLogs,
    };

    public static string OrderNames => string.Join(", ", Orders.Keys);

    /// <summary>
    /// The query the filters ask for. Each unusable value is reported to the error action (once, by its field) and left
    /// out, so a caller that collects errors must not run the query when there were any.
    /// </summary>
    /// <param name="orderDirection">PostHog's <c>order_direction</c> (ASC or DESC), already checked; null when not given.</param>
    /// <param name="viewerAdminId">Whose views <c>viewed</c> means; null for an API key of no admin.</param>
    public RecordingListQuery Read(int environmentId, int limit, int offset, int? viewerAdminId, string? orderDirection = null)
    {
        var sessionIds = SessionIds();
        // Recordings asked for by id are found whenever they started.
        var fromText = Text(words.From) ?? (sessionIds is null ? words.DefaultFrom : null);
        var from = fromText is null or "all" ? null : Time(fromText, words.From, end: false);
        var to = Time(Text(words.To), words.To, end: true);
        if (from > to) fail(words.From, $"{words.From.Label} lies after {words.To.Label}.");
        var min = Seconds(words.MinSeconds);
        var max = Seconds(words.MaxSeconds);
        if (min > max) fail(words.MinSeconds, $"{words.MinSeconds.Label} is greater than {words.MaxSeconds.Label}.");
        var viewed = Bool(words.Viewed);
        // Viewed is per admin, as in PostHog; a key made on the command line without --admin has nobody to ask about.
        if (viewed is not null && viewerAdminId is null)
            fail(words.Viewed, $"{words.Viewed.Label} filters by the API key's admin, and this key belongs to no admin: make one on the API keys page, or with apikey create --admin EMAIL.");
        var (order, descending) = Order(sessionIds is not null, orderDirection);
        return new RecordingListQuery(environmentId, limit, offset)
        {
            FromMs = from?.ToUnixTimeMilliseconds(),
            ToMs = to?.ToUnixTimeMilliseconds(),
            DistinctId = Text(words.Person),
            PersonUuid = PersonUuid(),
            SessionIds = sessionIds,
            MinDurationMs = min is null ? null : (long)(min.Value * 1000),
            MaxDurationMs = max is null ? null : (long)Math.Min(max.Value * 1000, long.MaxValue / 2),
            StartUrlContains = Text(words.StartUrl),
            HasConsoleErrors = Bool(words.Errors),
            Persisted = Bool(words.Persisted),
            Viewed = viewed,
            ViewerAdminId = viewerAdminId,
            Kind = Kind(),
            Order = order,
            Descending = descending,
        };
    }

    private string? Text(Field field) => get(field.Name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private DateTimeOffset? Time(string? text, Field field, bool end)
    {
        try { return QueryValues.Time(text, field.Name, now, end); }
        catch (QueryValues.Invalid)
        {
            fail(field, $"{field.Label} must be a date such as 2026-01-31, a time such as 2026-01-31T12:00:00Z, or relative like -7d, -24h, -30M, -2w, -1m, -1q, -1y, optionally with Start or End (-3dStart).");
            return null;
        }
    }

    private double? Seconds(Field field)
    {
        if (Text(field) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0) return value;
        fail(field, $"{field.Label} must be a number of seconds (0 or more).");
        return null;
    }

    private bool? Bool(Field field) => Text(field)?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        var other => Fail<bool?>(field, $"{field.Label} must be true or false (yes or no), not '{other}'."),
    };

    private Guid? PersonUuid()
    {
        if (Text(words.PersonUuid) is not { } text) return null;
        return Guid.TryParse(text, out var uuid) ? uuid
            : Fail<Guid?>(words.PersonUuid, $"{words.PersonUuid.Label} must be a UUID such as 0b7f9a52-3c1e-5d2a-9f4b-6e8d7c1a2b3c.");
    }

    /// <summary>A JSON array of strings, or ids separated by commas or white space.</summary>
    private IReadOnlyList<string>? SessionIds()
    {
        var field = words.SessionIds;
        if (Text(field) is not { } text) return null;
        List<string> ids;
        try
        {
            ids = text.StartsWith('[') ? JsonSerializer.Deserialize<List<string>>(text) ?? []
                : [.. text.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (JsonException)
        {
            return Fail<List<string>>(field, $"{field.Label} must be a JSON array of strings or a comma-separated list.");
        }
        ids = [.. ids.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal)];
        if (ids.Count == 0) return Fail<List<string>>(field, $"{field.Label} is empty.");
        if (ids.Count > MaxSessionIds) return Fail<List<string>>(field, $"{field.Label} may hold at most {MaxSessionIds} ids.");
        if (ids.Any(i => i.Length > 128)) return Fail<List<string>>(field, $"{field.Label} holds an id longer than 128 characters.");
        return ids;
    }

    private RecordingKind Kind()
    {
        var value = Text(words.Kind);
        if (value is null) return words.Kinds[0].Kind;
        foreach (var (name, kind) in words.Kinds) if (name == value) return kind;
        return Fail<RecordingKind>(words.Kind, $"{words.Kind.Label} must be {string.Join(", ", words.Kinds.Select(k => k.Value))} (the first is the default).");
    }

    /// <summary>
    /// <c>field</c> or <c>-field</c> (descending). Without an order, a list of session ids comes back in the order
    /// given, anything else newest first.
    /// </summary>
    private (RecordingOrder, bool) Order(bool hasSessionIds, string? direction)
    {
        var value = Text(words.Order);
        if (value is null)
            return hasSessionIds && direction is null ? (RecordingOrder.AsGiven, false) : (RecordingOrder.StartTime, direction != "ASC");
        var minus = value.StartsWith('-');
        var name = minus ? value[1..] : value;
        if (!Orders.TryGetValue(name, out var order))
            return Fail<(RecordingOrder, bool)>(words.Order, $"{words.Order.Label} must be one of {OrderNames}, or one of them after '-' for largest first.");
        if (minus && direction == "ASC")
            return Fail<(RecordingOrder, bool)>(new("order_direction", "order_direction"), $"{words.Order.Label} '-{name}' is descending and order_direction says ASC: give one of them.");
        return (order, minus || direction switch { "ASC" => false, "DESC" => true, _ => words.BareOrderDescending });
    }

    private T Fail<T>(Field field, string message)
    {
        fail(field, message);
        return default!;
    }
}
