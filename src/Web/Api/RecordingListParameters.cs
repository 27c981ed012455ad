using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>The list's query string: filters (PostHog's names where it has one), order and page.</summary>
internal static class RecordingListParameters
{
    public const int MaxSessionIds = 1000;

    private static readonly Dictionary<string, RecordingOrder> Orders = new(StringComparer.Ordinal)
    {
        ["start_time"] = RecordingOrder.StartTime,
        ["duration"] = RecordingOrder.Duration,
        ["recording_duration"] = RecordingOrder.Duration,
        ["active_seconds"] = RecordingOrder.ActiveSeconds,
        ["activity_score"] = RecordingOrder.ActiveSeconds,
        ["console_error_count"] = RecordingOrder.ConsoleErrors,
        ["console_errors"] = RecordingOrder.ConsoleErrors,
    };

    public static string OrderNames => string.Join(", ", Orders.Keys);

    /// <param name="viewerAdminId">The key's admin, whose views <c>viewed</c> means; null for a key of no admin.</param>
    /// <exception cref="QueryValues.Invalid">When a value is not usable.</exception>
    public static RecordingListQuery Read(HttpRequest request, int environmentId, Paging paging, DateTimeOffset now, int? viewerAdminId)
    {
        var from = QueryValues.Time(request, "date_from", now);
        var to = QueryValues.Time(request, "date_to", now);
        if (from > to) throw new QueryValues.Invalid("date_from lies after date_to.", "date_from");
        var min = QueryValues.Number(request, "min_duration");
        var max = QueryValues.Number(request, "max_duration");
        if (min > max) throw new QueryValues.Invalid("min_duration is greater than max_duration.", "min_duration");
        var (order, descending) = Order(QueryValues.Text(request, "order") ?? "-start_time");
        var viewed = QueryValues.Bool(request, "viewed");
        // Viewed is per admin, as in PostHog; a key made on the command line without --admin has nobody to ask about.
        if (viewed is not null && viewerAdminId is null)
            throw new QueryValues.Invalid("viewed filters by the API key's admin, and this key belongs to no admin: make one on the API keys page, or with apikey create --admin EMAIL.", "viewed");
        return new RecordingListQuery(environmentId, paging.Limit, paging.Offset)
        {
            FromMs = from?.ToUnixTimeMilliseconds(),
            ToMs = to?.ToUnixTimeMilliseconds(),
            DistinctId = QueryValues.Text(request, "distinct_id"),
            PersonUuid = PersonUuid(request),
            SessionIds = QueryValues.List(request, "session_ids", MaxSessionIds),
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
        };
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

    private static (RecordingOrder, bool) Order(string value)
    {
        var descending = value.StartsWith('-');
        var name = descending ? value[1..] : value;
        return Orders.TryGetValue(name, out var order)
            ? (order, descending)
            : throw new QueryValues.Invalid($"order must be one of {OrderNames}, with a leading '-' for descending.", "order");
    }
}
