using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>
/// The list's query string: PostHog's <c>RecordingsQuery</c> parameters and a few of ours. Every parameter is either
/// implemented or refused with a 400 naming it: a filter that is not applied would answer a silently wider list.
/// </summary>
internal static class RecordingListParameters
{
    public const int MaxSessionIds = 1000;
    public const string DefaultDateFrom = "-3d";

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

    /// <summary>Parameters read here or by the API as a whole (paging, the key).</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "limit", "offset", "personal_api_key", "date_from", "date_to", "distinct_id", "distinct_ids", "person_uuid", "session_ids",
        "min_duration", "max_duration", "start_url", "has_console_errors", "persisted", "viewed", "snapshot_source", "order",
        "order_direction", "events", "properties", "console_log_filters", "operand", "actions", "filter_test_accounts",
        "having_predicates", "kind", "user_modified_filters", "version", "hogql_filtering", "as_query", "format",
    };

    public static string OrderNames => string.Join(", ", Orders.Keys);

    /// <param name="viewerAdminId">The key's admin, whose views <c>viewed</c> means; null for a key of no admin.</param>
    /// <exception cref="QueryValues.Invalid">When a value is not usable or a parameter is not supported.</exception>
    public static RecordingListQuery Read(HttpRequest request, int environmentId, Paging paging, DateTimeOffset now, int? viewerAdminId)
    {
        Refuse(request);
        var sessionIds = QueryValues.List(request, "session_ids", MaxSessionIds);
        // PostHog lists the last three days unless told otherwise; recordings asked for by id are found whenever they started.
        var fromText = QueryValues.Text(request, "date_from") ?? (sessionIds is null ? DefaultDateFrom : "all");
        var from = fromText == "all" ? null : QueryValues.Time(fromText, "date_from", now);
        var to = QueryValues.Time(QueryValues.Text(request, "date_to"), "date_to", now, end: true);
        if (from > to) throw new QueryValues.Invalid("date_from lies after date_to.", "date_from");
        var min = QueryValues.Number(request, "min_duration");
        var max = QueryValues.Number(request, "max_duration");
        if (min > max) throw new QueryValues.Invalid("min_duration is greater than max_duration.", "min_duration");
        var (order, descending) = Order(request, sessionIds is not null);
        var viewed = QueryValues.Bool(request, "viewed");
        // Viewed is per admin, as in PostHog; a key made on the command line without --admin has nobody to ask about.
        if (viewed is not null && viewerAdminId is null)
            throw new QueryValues.Invalid("viewed filters by the API key's admin, and this key belongs to no admin: make one on the API keys page, or with apikey create --admin EMAIL.", "viewed");
        var query = new RecordingListQuery(environmentId, paging.Limit, paging.Offset)
        {
            FromMs = from?.ToUnixTimeMilliseconds(),
            ToMs = to?.ToUnixTimeMilliseconds(),
            DistinctId = QueryValues.Text(request, "distinct_id"),
            DistinctIds = QueryValues.List(request, "distinct_ids", MaxSessionIds),
            PersonUuid = PersonUuid(request),
            SessionIds = sessionIds,
            MinDurationMs = min is null ? null : (long)(min.Value * 1000),
            MaxDurationMs = max is null ? null : (long)Math.Min(max.Value * 1000, long.MaxValue / 2),
            StartUrlContains = QueryValues.Text(request, "start_url"),
            HasConsoleErrors = QueryValues.Bool(request, "has_console_errors"),
            Persisted = QueryValues.Bool(request, "persisted"),
            Viewed = viewed,
            ViewerAdminId = viewerAdminId,
            Kind = Kind(QueryValues.Text(request, "snapshot_source")),
            Order = order,
            Descending = descending,
            Events = PostHogFilters.Events(QueryValues.Text(request, "events")),
            Properties = PostHogFilters.Properties(QueryValues.Text(request, "properties")),
            Console = PostHogFilters.Console(QueryValues.Text(request, "console_log_filters")),
        };
        // Every condition must hold here; PostHog's OR would answer more, so it is refused where it would matter.
        if (QueryValues.Text(request, "operand") is { } operand && !operand.Equals("AND", StringComparison.OrdinalIgnoreCase)
            && (operand != "OR" || PostHogFilters.Count(query) > 1))
            throw new QueryValues.Invalid("operand: only AND is supported (every filter must hold).", "operand");
        return query;
    }

    /// <summary>Parameters PostHog has and this server does not implement, and any it does not know, are named in a 400.</summary>
    private static void Refuse(HttpRequest request)
    {
        foreach (var key in request.Query.Keys)
            if (!Known.Contains(key))
                throw new QueryValues.Invalid($"Unknown parameter '{key}'. The list takes: {string.Join(", ", Known.Order(StringComparer.Ordinal))}.", key);
        if (QueryValues.Text(request, "actions") is { } actions && actions.Replace(" ", "") != "[]")
            throw new QueryValues.Invalid("actions are not supported: this server keeps no actions; filter with events instead.", "actions");
        if (QueryValues.Text(request, "having_predicates") is { } having && having.Replace(" ", "") != "[]")
            throw new QueryValues.Invalid("having_predicates are not supported; use min_duration, max_duration and has_console_errors.", "having_predicates");
        if (QueryValues.Bool(request, "filter_test_accounts") == true)
            throw new QueryValues.Invalid("filter_test_accounts is not supported: this server has no test account filters.", "filter_test_accounts");
        if (QueryValues.Text(request, "kind") is { } kind && kind != "RecordingsQuery")
            throw new QueryValues.Invalid("kind must be RecordingsQuery.", "kind");
        if (QueryValues.Text(request, "format") is { } format && format != "json")
            throw new QueryValues.Invalid("format must be json.", "format");
    }

    private static Guid? PersonUuid(HttpRequest request)
    {
        var text = QueryValues.Text(request, "person_uuid");
        if (text is null) return null;
        return Guid.TryParse(text, out var uuid) ? uuid : throw new QueryValues.Invalid("person_uuid must be a UUID.", "person_uuid");
    }

    private static RecordingKind Kind(string? value) => value switch
    {
        null or "web" => RecordingKind.Replayable,
        "none" => RecordingKind.BehaviorOnly,
        "all" => RecordingKind.All,
        _ => throw new QueryValues.Invalid("snapshot_source must be web (replayable, the default), none (behaviour only) or all.", "snapshot_source"),
    };

    /// <summary>
    /// PostHog's <c>order</c> (largest first unless <c>order_direction=ASC</c>) and our <c>-field</c> form (descending).
    /// Without an order, a list of <c>session_ids</c> comes back in the order given, anything else newest first.
    /// </summary>
    private static (RecordingOrder, bool) Order(HttpRequest request, bool hasSessionIds)
    {
        var value = QueryValues.Text(request, "order");
        var direction = QueryValues.Text(request, "order_direction")?.ToUpperInvariant();
        if (direction is not (null or "ASC" or "DESC"))
            throw new QueryValues.Invalid("order_direction must be ASC or DESC.", "order_direction");
        if (value is null)
        {
            if (hasSessionIds && direction is null) return (RecordingOrder.AsGiven, false);
            return (RecordingOrder.StartTime, direction != "ASC");
        }
        var minus = value.StartsWith('-');
        var name = minus ? value[1..] : value;
        if (!Orders.TryGetValue(name, out var order))
            throw new QueryValues.Invalid($"order must be one of {OrderNames} (largest first; order_direction=ASC for smallest first).", "order");
        if (minus && direction == "ASC")
            throw new QueryValues.Invalid("order '-" + name + "' is descending and order_direction says ASC: give one of them.", "order_direction");
        return (order, direction != "ASC");
    }
}
