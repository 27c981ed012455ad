using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Web.Hosting;

namespace Web.Pages.Recordings.List;

/// <summary>An environment's recordings: the API's filters and orderings as a GET form, a page of rows, a chart.</summary>
public sealed class IndexModel(IEnvironmentsModule environments, IRecordingsModule recordings) : PageModel
{
    public const int PageSize = 25;

    [FromRoute] public int EnvironmentId { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true, Name = "url")] public string? StartUrl { get; set; }
    [BindProperty(SupportsGet = true)] public int? MinSeconds { get; set; }
    [BindProperty(SupportsGet = true)] public bool Errors { get; set; }
    [BindProperty(SupportsGet = true)] public string? Persisted { get; set; }
    [BindProperty(SupportsGet = true)] public string? Viewed { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? KindFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "order")] public string? OrderBy { get; set; }
    public string Kind => KindFilter ?? "all";
    public string Order => OrderBy ?? "-start_time";
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public EnvironmentInfo Environment { get; private set; } = null!;
    public PlaybackQuotaUsage Usage { get; private set; } = null!;
    public RecordingListPage Recordings { get; private set; } = null!;
    public IReadOnlyList<DailyRecordingCount> PerDay { get; private set; } = [];
    public int PageCount => Math.Max(1, (Recordings.Count + PageSize - 1) / PageSize);

    public static readonly (string Value, string Label)[] Orders =
        [("-start_time", "Newest first"), ("start_time", "Oldest first"), ("-duration", "Longest"), ("-active_seconds", "Most active"), ("-console_error_count", "Most console errors")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await environments.FindEnvironmentAsync(EnvironmentId, ct) is not { } env) return NotFound();
        if (!ModelState.IsValid) return BadRequest(ModelState);
        Environment = env;
        Usage = await environments.GetPlaybackQuotaUsageAsync(EnvironmentId, ct);
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Recordings = await recordings.ListRecordingsAsync(Query(), ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        PerDay = await recordings.CountRecordingsPerDayAsync(EnvironmentId, today.AddDays(-29), today, ct);
        return Page();
    }

    private RecordingListQuery Query()
    {
        var (order, descending) = Order.TrimStart('-') switch
        {
            "duration" => (RecordingOrder.Duration, Order.StartsWith('-')),
            "active_seconds" => (RecordingOrder.ActiveSeconds, Order.StartsWith('-')),
            "console_error_count" => (RecordingOrder.ConsoleErrors, Order.StartsWith('-')),
            _ => (RecordingOrder.StartTime, Order != "start_time"),
        };
        return new RecordingListQuery(EnvironmentId, PageSize, (PageNumber - 1) * PageSize)
        {
            FromMs = From is { } f ? Ms(f) : null,
            ToMs = To is { } t ? Ms(t.AddDays(1)) : null,
            DistinctId = string.IsNullOrWhiteSpace(Person) ? null : Person.Trim(),
            StartUrlContains = string.IsNullOrWhiteSpace(StartUrl) ? null : StartUrl.Trim(),
            MinDurationMs = MinSeconds is > 0 ? MinSeconds * 1000L : null,
            HasConsoleErrors = Errors ? true : null,
            Persisted = YesNo(Persisted),
            Viewed = YesNo(Viewed),
            // Viewed means viewed by the signed-in admin, in the rows and in the filter.
            ViewerAdminId = User.AdminId(),
            Kind = Kind switch { "replayable" => RecordingKind.Replayable, "behavior" => RecordingKind.BehaviorOnly, _ => RecordingKind.All },
            Order = order,
            Descending = descending,
        };
    }

    public string PageLink(int page)
    {
        var query = Request.Query.Where(q => q.Key != "p").SelectMany(q => q.Value.Select(v => $"{q.Key}={Uri.EscapeDataString(v ?? "")}"));
        return $"?{string.Join('&', query.Append($"p={page}"))}";
    }

    private static bool? YesNo(string? value) => value switch { "yes" => true, "no" => false, _ => null };
    private static long Ms(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
