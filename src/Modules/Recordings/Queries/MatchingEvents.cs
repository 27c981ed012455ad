using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>
/// The behaviour events of one recording that match a filter: the event type or name exactly, the URL, selector and
/// text by case-insensitive substring. Every given part must match.
/// </summary>
internal sealed class MatchingEvents(RecordingsDbContext db)
{
    public const int MaxResults = 10_000;

    public async Task<IReadOnlyList<MatchingEvent>?> FindAsync(int environmentId, string sessionId, EventFilter filter, CancellationToken ct)
    {
        var recordingId = await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (recordingId is null) return null;
        var events = db.BehaviorEvents.AsNoTracking().Where(e => e.RecordingId == recordingId);
        if (filter.Event is { } name) events = events.Where(e => e.Type == name || e.Name == name);
        if (filter.UrlContains is { } url) events = events.Where(e => e.Url != null && EF.Functions.Like(e.Url, Like(url), "\\"));
        if (filter.SelectorContains is { } selector) events = events.Where(e => e.Selector != null && EF.Functions.Like(e.Selector, Like(selector), "\\"));
        if (filter.TextContains is { } text) events = events.Where(e => e.Text != null && EF.Functions.Like(e.Text, Like(text), "\\"));
        return await events.OrderBy(e => e.TimestampMs).ThenBy(e => e.Id).Take(MaxResults)
            .Select(e => new MatchingEvent(e.Id, e.Type, e.Name, e.TimestampMs, e.WindowId)).ToListAsync(ct);
    }

    // LIKE is case-insensitive for ASCII in SQLite; the user's text is matched literally.
    private static string Like(string text) => "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
