using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Modules.Recordings.Contracts;

namespace Web.Pages.Recordings.List;

/// <summary>
/// The recordings list's filters as the address carries them (the list's GET form, and the player's playlist, which
/// shows the same list). Every field is read as text here, so a bad value gets a message, never a 500.
/// </summary>
public sealed class RecordingListForm
{
    public const int MaxSessionIds = 1000;

    /// <summary>The address's names of the filters, in the order the form shows them.</summary>
    public static readonly string[] Names = ["from", "to", "url", "person", "personUuid", "sessionIds", "minSeconds", "maxSeconds", "errors", "kind", "viewed", "persisted", "order"];

    public string? From { get; init; }
    public string? To { get; init; }
    public string? Person { get; init; }
    public string? PersonUuid { get; init; }
    public string? SessionIds { get; init; }
    public string? StartUrl { get; init; }
    public string? MinSeconds { get; init; }
    public string? MaxSeconds { get; init; }
    public string? Errors { get; init; }
    public string? Persisted { get; init; }
    public string? Viewed { get; init; }
    public string? KindFilter { get; init; }
    public string? OrderBy { get; init; }
    public string Kind => string.IsNullOrEmpty(KindFilter) ? "all" : KindFilter;
    public string Order => string.IsNullOrEmpty(OrderBy) ? "-start_time" : OrderBy;

    public static readonly (string Value, string Label)[] Orders =
    [
        ("-start_time", "Newest first"), ("start_time", "Oldest first"), ("-duration", "Longest"), ("duration", "Shortest"),
        ("-active_seconds", "Most active"), ("active_seconds", "Least active"),
        ("-console_error_count", "Most console errors"), ("console_error_count", "Fewest console errors"),
    ];

    public static readonly (string Value, string Label)[] Kinds =
        [("all", "All sessions"), ("replayable", "Replayable only"), ("behavior", "Not replayable (behaviour only)")];

    public static RecordingListForm Read(IQueryCollection query)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        return new RecordingListForm
        {
            From = Get("from"), To = Get("to"), Person = Get("person"), PersonUuid = Get("personUuid"), SessionIds = Get("sessionIds"),
            StartUrl = Get("url"), MinSeconds = Get("minSeconds"), MaxSeconds = Get("maxSeconds"), Errors = Get("errors"),
            Persisted = Get("persisted"), Viewed = Get("viewed"), KindFilter = Get("kind"), OrderBy = Get("order"),
        };
    }

    /// <summary>The filters that are set, by their address name, as the form shows them.</summary>
    public IEnumerable<(string Name, string Value)> Set()
    {
        (string, string?)[] all =
        [
            ("from", From), ("to", To), ("url", StartUrl), ("person", Person), ("personUuid", PersonUuid), ("sessionIds", SessionIds),
            ("minSeconds", MinSeconds), ("maxSeconds", MaxSeconds), ("errors", Errors), ("kind", KindFilter == "all" ? null : KindFilter),
            ("viewed", Viewed), ("persisted", Persisted), ("order", OrderBy == "-start_time" ? null : OrderBy),
        ];
        return all.Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => (p.Item1, p.Item2!.Trim()));
    }

    /// <summary>The set filters as a query string ("" or "?a=b&amp;…").</summary>
    public string QueryString(params (string Name, string Value)[] extra)
    {
        var pairs = Set().Concat(extra).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}").ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    /// <summary>The list query these filters ask for, or null with a message in <paramref name="errors"/> for each unusable field.</summary>
    public RecordingListQuery? ToQuery(int environmentId, int adminId, int limit, int offset, ModelStateDictionary errors)
    {
        var from = Day(From, "from", "From", errors);
        var to = Day(To, "to", "To", errors);
        if (from > to) errors.AddModelError("to", "“To” lies before “From”.");
        var min = Seconds(MinSeconds, "minSeconds", "Longer than", errors);
        var max = Seconds(MaxSeconds, "maxSeconds", "Shorter than", errors);
        if (min > max) errors.AddModelError("maxSeconds", "“Shorter than” is less than “Longer than”.");
        Guid? uuid = null;
        if (Trimmed(PersonUuid) is { } uuidText)
        {
            if (Guid.TryParse(uuidText, out var parsed)) uuid = parsed;
            else errors.AddModelError("personUuid", "“Person UUID” must be a UUID such as 0b7f9a52-3c1e-5d2a-9f4b-6e8d7c1a2b3c.");
        }
        var sessionIds = SessionIdList(errors);
        var (order, descending) = OrderOf(Order, errors);
        var kind = Kind switch
        {
            "all" => RecordingKind.All,
            "replayable" => RecordingKind.Replayable,
            "behavior" => RecordingKind.BehaviorOnly,
            _ => Invalid<RecordingKind>(errors, "kind", "Choose what to show from the list."),
        };
        var hasErrors = YesNo(Errors, "errors", "Console errors", errors);
        var persisted = YesNo(Persisted, "persisted", "Kept", errors);
        var viewed = YesNo(Viewed, "viewed", "Viewed", errors);
        if (!errors.IsValid) return null;
        return new RecordingListQuery(environmentId, limit, offset)
        {
            FromMs = from is { } f ? Ms(f) : null,
            ToMs = to is { } t ? Ms(t.AddDays(1)) - 1 : null,
            DistinctId = Trimmed(Person),
            PersonUuid = uuid,
            SessionIds = sessionIds,
            StartUrlContains = Trimmed(StartUrl),
            MinDurationMs = min * 1000L,
            MaxDurationMs = max * 1000L,
            HasConsoleErrors = hasErrors,
            Persisted = persisted,
            Viewed = viewed,
            // Viewed means viewed by the signed-in admin, in the rows and in the filter.
            ViewerAdminId = adminId,
            Kind = kind,
            Order = order,
            Descending = descending,
        };
    }

    private List<string>? SessionIdList(ModelStateDictionary errors)
    {
        if (Trimmed(SessionIds) is not { } text) return null;
        var ids = text.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > MaxSessionIds) errors.AddModelError("sessionIds", $"“Session ids” may hold at most {MaxSessionIds} ids.");
        else if (ids.Any(i => i.Length > 128)) errors.AddModelError("sessionIds", "“Session ids” holds an id longer than 128 characters.");
        return ids;
    }

    private static (RecordingOrder, bool) OrderOf(string value, ModelStateDictionary errors) => value.TrimStart('-') switch
    {
        _ when !Orders.Any(o => o.Value == value) => Invalid<(RecordingOrder, bool)>(errors, "order", "Choose an order from the list."),
        "duration" => (RecordingOrder.Duration, value.StartsWith('-')),
        "active_seconds" => (RecordingOrder.ActiveSeconds, value.StartsWith('-')),
        "console_error_count" => (RecordingOrder.ConsoleErrors, value.StartsWith('-')),
        _ => (RecordingOrder.StartTime, value.StartsWith('-')),
    };

    private static DateOnly? Day(string? value, string field, string label, ModelStateDictionary errors)
    {
        if (Trimmed(value) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.AddModelError(field, $"“{label}” must be a date such as 2026-01-31.");
        return null;
    }

    private static int? Seconds(string? value, string field, string label, ModelStateDictionary errors)
    {
        if (Trimmed(value) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 10_000_000) return seconds;
        errors.AddModelError(field, $"“{label}” must be a whole number of seconds (0 or more).");
        return null;
    }

    private static bool? YesNo(string? value, string field, string label, ModelStateDictionary errors) => Trimmed(value) switch
    {
        null => null,
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => Invalid<bool?>(errors, field, $"Choose “{label}” from the list."),
    };

    private static T Invalid<T>(ModelStateDictionary errors, string field, string message)
    {
        errors.AddModelError(field, message);
        return default!;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    private static long Ms(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
