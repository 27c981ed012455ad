using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Summaries;

/// <summary>
/// The pages of a session in the order they were entered. A page lasts until the next page view or page leave of the
/// same tab, or until the session's last event: tabs are followed separately so a second tab does not cut the first.
/// </summary>
internal static class PageVisits
{
    public static List<SummaryPage> From(IReadOnlyList<BehaviorEventRow> events, long sessionEndMs)
    {
        var pages = new List<SummaryPage>();
        foreach (var tab in events.GroupBy(e => e.WindowId))
        {
            SummaryPage? open = null;
            foreach (var e in tab)
            {
                if (e.Type is not ("pageview" or "pageleave")) continue;
                if (open is not null) pages.Add(open with { DurationMs = Math.Max(0, e.TimestampMs - open.EnteredMs) });
                open = e.Type == "pageview" && e.Url is not null ? new SummaryPage(e.Url, e.Name, e.TimestampMs, 0) : null;
            }
            if (open is not null) pages.Add(open with { DurationMs = Math.Max(0, sessionEndMs - open.EnteredMs) });
        }
        return pages.OrderBy(p => p.EnteredMs).ThenBy(p => p.Url, StringComparer.Ordinal).ToList();
    }

    /// <summary>The URL of the page a tab showed at a moment, for saying where something happened.</summary>
    public static string? At(IReadOnlyList<BehaviorEventRow> events, string windowId, long atMs) =>
        events.LastOrDefault(e => e.WindowId == windowId && e.Type == "pageview" && e.TimestampMs <= atMs)?.Url;
}
