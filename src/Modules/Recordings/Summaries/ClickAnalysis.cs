using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Summaries;

/// <summary>What was clicked, and rage clicks: three or more clicks on one target, each within a second of the previous.</summary>
internal static class ClickAnalysis
{
    public const int RageClicks = 3;
    public const long RageWindowMs = 1000;

    public static List<SummaryClick> Targets(IReadOnlyList<BehaviorEventRow> events) =>
        events.Where(e => e.Type == "click")
            .GroupBy(e => e.Selector ?? "(unknown element)")
            .Select(g => new SummaryClick(g.Key, g.Select(e => e.Text).FirstOrDefault(t => !string.IsNullOrEmpty(t)), g.Count(), g.First().TimestampMs))
            .OrderByDescending(c => c.Count).ThenBy(c => c.FirstMs).ThenBy(c => c.Target, StringComparer.Ordinal)
            .ToList();

    public static List<SummaryRageClick> Rage(IReadOnlyList<BehaviorEventRow> events)
    {
        var rage = new List<SummaryRageClick>();
        var clicks = events.Where(e => e.Type == "click").ToList();
        var i = 0;
        while (i < clicks.Count)
        {
            var j = i + 1;
            while (j < clicks.Count && clicks[j].Selector == clicks[i].Selector && clicks[j].TimestampMs - clicks[j - 1].TimestampMs <= RageWindowMs) j++;
            if (j - i >= RageClicks)
                rage.Add(new SummaryRageClick(clicks[i].Selector ?? "(unknown element)", clicks[i].Text, j - i, clicks[i].TimestampMs,
                    PageVisits.At(events, clicks[i].WindowId, clicks[i].TimestampMs)));
            i = j;
        }
        return rage;
    }
}
