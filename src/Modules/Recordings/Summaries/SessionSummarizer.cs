using System.Globalization;
using System.Text;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;
using Modules.Recordings.Queries;

namespace Modules.Recordings.Summaries;

/// <summary>
/// Writes a recording's summary from its events (behaviour events, recorded in both tracking modes, and what its rrweb
/// data shows, each thing once: see <see cref="RecordingEvents"/>), with fixed rules and no outside service, so the
/// same recording always gets the same words.
/// </summary>
internal sealed class SessionSummarizer(RecordingsDbContext db)
{
    private const int PagesNamed = 15;
    private const int ClicksNamed = 5;

    public async Task<RecordingSummary?> SummarizeAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        if (await RecordingEvents.LoadAsync(db, environmentId, sessionId, ct) is not var (recording, events)) return null;
        var pages = PageVisits.From(events, recording.EndTimeMs);
        var clicks = ClickAnalysis.Targets(events);
        var rage = ClickAnalysis.Rage(events);
        var errors = events.Where(e => e.Type == "error" || (e.Type == "console" && e.Name == "error"))
            .Select(e => new SummaryError(e.Type == "error" ? "exception" : "console_error", (e.Type == "error" ? e.Name : e.Text) ?? "(no message)",
                e.TimestampMs, PageVisits.At(events, e.WindowId, e.TimestampMs) ?? e.Url))
            .ToList();
        var ending = Ending(recording, events);
        var text = Text(recording, pages, clicks, rage, errors, ending);
        return new RecordingSummary(sessionId, text, pages, clicks, rage, errors, ending);
    }

    private static string Text(RecordingRow r, List<SummaryPage> pages, List<SummaryClick> clicks, List<SummaryRageClick> rage,
        List<SummaryError> errors, string ending)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"A {Duration(r.EndTimeMs - r.StartTimeMs)} session");
        s.Append(r.DistinctId is null ? " by an anonymous visitor" : $" by {r.DistinctId}");
        s.Append(CultureInfo.InvariantCulture, $" ({Duration(r.ActiveMs)} active). ");
        if (pages.Count == 0) s.Append("No page views were recorded. ");
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"{Plural(pages.Count, "page")} visited: ");
            s.Append(string.Join(", then ", pages.Take(PagesNamed).Select(p => $"{RecordingEvents.PathOf(p.Url)} ({Duration(p.DurationMs)})")));
            if (pages.Count > PagesNamed) s.Append(CultureInfo.InvariantCulture, $", and {pages.Count - PagesNamed} more");
            s.Append(". ");
        }
        if (clicks.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"{Plural(clicks.Sum(c => c.Count), "click")}, mostly on ");
            s.Append(string.Join(", ", clicks.Take(ClicksNamed).Select(c => c.Text is null ? $"{c.Target} ×{c.Count}" : $"\"{c.Text}\" ({c.Target}) ×{c.Count}")));
            s.Append(". ");
        }
        foreach (var x in rage)
            s.Append(CultureInfo.InvariantCulture, $"Rage click: {x.Clicks} quick clicks on {(x.Text is null ? x.Target : $"\"{x.Text}\"")}{(x.Url is null ? "" : $" on {RecordingEvents.PathOf(x.Url)}")}. ");
        if (errors.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"{Plural(errors.Count, "error")}: ");
            s.Append(string.Join("; ", errors.Take(5).Select(e => $"{e.Message}{(e.Url is null ? "" : $" on {RecordingEvents.PathOf(e.Url)}")}")));
            s.Append(". ");
        }
        s.Append(ending);
        return s.ToString();
    }

    private static string Ending(RecordingRow r, List<BehaviorEventRow> events)
    {
        if (events.Count == 0) return "It ended without any recorded interaction.";
        var last = events[^1];
        var where = PageVisits.At(events, last.WindowId, last.TimestampMs) ?? last.Url;
        var page = where is null ? "" : $" on {RecordingEvents.PathOf(where)}";
        return last.Type switch
        {
            "pageleave" => $"It ended when the visitor left{page}.",
            "error" => $"It ended right after an error{page}.",
            "console" when last.Name == "error" => $"It ended right after a console error{page}.",
            _ when r.EndTimeMs - last.TimestampMs > RecordingMetadata.ActiveGapMs => $"It ended{page} after {Duration(r.EndTimeMs - last.TimestampMs)} without interaction.",
            _ => $"It ended{page} with a {last.Type}.",
        };
    }

    internal static string Duration(long ms) => ms switch
    {
        < 1000 => "0 s",
        < 60_000 => $"{ms / 1000} s",
        < 3_600_000 => $"{ms / 60_000} min {ms / 1000 % 60} s",
        _ => $"{ms / 3_600_000} h {ms / 60_000 % 60} min",
    };

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
