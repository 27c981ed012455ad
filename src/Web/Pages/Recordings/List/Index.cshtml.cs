using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Web.Hosting;

namespace Web.Pages.Recordings.List;

/// <summary>
/// An environment's recordings: the API's filters and orderings as a GET form, a page of rows, a chart. Every field is
/// bound as text and read here, so a bad value (typed or edited into the address) gets a message, never a 500.
/// </summary>
public sealed class IndexModel(IEnvironmentsModule environments, IRecordingsModule recordings) : PageModel
{
    public const int PageSize = 25;
    public const int MaxSessionIds = 1000;

    [FromRoute] public int EnvironmentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true)] public string? PersonUuid { get; set; }
    [BindProperty(SupportsGet = true)] public string? SessionIds { get; set; }
    [BindProperty(SupportsGet = true, Name = "url")] public string? StartUrl { get; set; }
    [BindProperty(SupportsGet = true)] public string? MinSeconds { get; set; }
    [BindProperty(SupportsGet = true)] public string? MaxSeconds { get; set; }
    [BindProperty(SupportsGet = true)] public string? Errors { get; set; }
    [BindProperty(SupportsGet = true)] public string? Persisted { get; set; }
    [BindProperty(SupportsGet = true)] public string? Viewed { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? KindFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "order")] public string? OrderBy { get; set; }
    public string Kind => string.IsNullOrEmpty(KindFilter) ? "all" : KindFilter;
    public string Order => string.IsNullOrEmpty(OrderBy) ? "-start_time" : OrderBy;
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageText { get; set; }
    public int PageNumber { get; private set; } = 1;

    public EnvironmentInfo Environment { get; private set; } = null!;
    public PlaybackQuotaUsage Usage { get; private set; } = null!;
    public RecordingListPage Recordings { get; private set; } = new(0, []);
    public IReadOnlyList<DailyRecordingCount> PerDay { get; private set; } = [];
    public int PageCount => Math.Max(1, (Recordings.Count + PageSize - 1) / PageSize);

    public static readonly (string Value, string Label)[] Orders =
    [
        ("-start_time", "Newest first"), ("start_time", "Oldest first"), ("-duration", "Longest"), ("duration", "Shortest"),
        ("-active_seconds", "Most active"), ("active_seconds", "Least active"),
        ("-console_error_count", "Most console errors"), ("console_error_count", "Fewest console errors"),
    ];

    public static readonly (string Value, string Label)[] Kinds =
        [("all", "All sessions"), ("replayable", "Replayable only"), ("behavior", "Not replayable (behaviour only)")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await environments.FindEnvironmentAsync(EnvironmentId, ct) is not { } env) return NotFound();
        Environment = env;
        Usage = await environments.GetPlaybackQuotaUsageAsync(EnvironmentId, ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        PerDay = await recordings.CountRecordingsPerDayAsync(EnvironmentId, today.AddDays(-29), today, ct);
        // The page keeps the form as it was sent, so the admin can correct what the message names.
        if (Query() is { } query) Recordings = await recordings.ListRecordingsAsync(query, ct);
        else Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The list query the form asks for, or null with a message in ModelState for each unusable field.</summary>
    private RecordingListQuery? Query()
    {
        var from = Day(From, "from", "From");
        var to = Day(To, "to", "To");
        if (from > to) ModelState.AddModelError("to", "“To” lies before “From”.");
        var min = Seconds(MinSeconds, "minSeconds", "Longer than");
        var max = Seconds(MaxSeconds, "maxSeconds", "Shorter than");
        if (min > max) ModelState.AddModelError("maxSeconds", "“Shorter than” is less than “Longer than”.");
        Guid? uuid = null;
        if (Trimmed(PersonUuid) is { } uuidText)
        {
            if (Guid.TryParse(uuidText, out var parsed)) uuid = parsed;
            else ModelState.AddModelError("personUuid", "“Person UUID” must be a UUID such as 0b7f9a52-3c1e-5d2a-9f4b-6e8d7c1a2b3c.");
        }
        var sessionIds = SessionIdList();
        var (order, descending) = OrderOf(Order);
        var kind = Kind switch
        {
            "all" => RecordingKind.All,
            "replayable" => RecordingKind.Replayable,
            "behavior" => RecordingKind.BehaviorOnly,
            _ => Invalid<RecordingKind>("kind", "Choose what to show from the list."),
        };
        var errors = YesNo(Errors, "errors", "Console errors");
        var persisted = YesNo(Persisted, "persisted", "Kept");
        var viewed = YesNo(Viewed, "viewed", "Viewed");
        PageNumber = int.TryParse(PageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 100_000) : 1;
        if (!ModelState.IsValid) return null;
        return new RecordingListQuery(EnvironmentId, PageSize, (PageNumber - 1) * PageSize)
        {
            FromMs = from is { } f ? Ms(f) : null,
            ToMs = to is { } t ? Ms(t.AddDays(1)) - 1 : null,
            DistinctId = Trimmed(Person),
            PersonUuid = uuid,
            SessionIds = sessionIds,
            StartUrlContains = Trimmed(StartUrl),
            MinDurationMs = min * 1000L,
            MaxDurationMs = max * 1000L,
            HasConsoleErrors = errors,
            Persisted = persisted,
            Viewed = viewed,
            // Viewed means viewed by the signed-in admin, in the rows and in the filter.
            ViewerAdminId = User.AdminId(),
            Kind = kind,
            Order = order,
            Descending = descending,
        };
    }

    private List<string>? SessionIdList()
    {
        if (Trimmed(SessionIds) is not { } text) return null;
        var ids = text.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > MaxSessionIds) ModelState.AddModelError("sessionIds", $"“Session ids” may hold at most {MaxSessionIds} ids.");
        else if (ids.Any(i => i.Length > 128)) ModelState.AddModelError("sessionIds", "“Session ids” holds an id longer than 128 characters.");
        return ids;
    }

    private (RecordingOrder, bool) OrderOf(string value) => value.TrimStart('-') switch
    {
        _ when !Orders.Any(o => o.Value == value) => Invalid<(RecordingOrder, bool)>("order", "Choose an order from the list."),
        "duration" => (RecordingOrder.Duration, value.StartsWith('-')),
        "active_seconds" => (RecordingOrder.ActiveSeconds, value.StartsWith('-')),
        "console_error_count" => (RecordingOrder.ConsoleErrors, value.StartsWith('-')),
        _ => (RecordingOrder.StartTime, value.StartsWith('-')),
    };

    private DateOnly? Day(string? value, string field, string label)
    {
        if (Trimmed(value) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        ModelState.AddModelError(field, $"“{label}” must be a date such as 2026-01-31.");
        return null;
    }

    private int? Seconds(string? value, string field, string label)
    {
        if (Trimmed(value) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 10_000_000) return seconds;
        ModelState.AddModelError(field, $"“{label}” must be a whole number of seconds (0 or more).");
        return null;
    }

    private bool? YesNo(string? value, string field, string label) => Trimmed(value) switch
    {
        null => null,
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => Invalid<bool?>(field, $"Choose “{label}” from the list."),
    };

    private T Invalid<T>(string field, string message)
    {
        ModelState.AddModelError(field, message);
        return default!;
    }

    public string PageLink(int page)
    {
        var query = Request.Query.Where(q => q.Key != "p").SelectMany(q => q.Value.Select(v => $"{q.Key}={Uri.EscapeDataString(v ?? "")}"));
        return $"?{string.Join('&', query.Append($"p={page}"))}";
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    private static long Ms(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
