using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Data;
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
        // SQLite's LIKE ignores ASCII case; PostgreSQL's does not, and its ILIKE does.
        var ilike = ProviderMigrationsAssembly.IsPostgres(db.Database.ProviderName);
        if (filter.Event is { } name) events = events.Where(e => e.Type == name || e.Name == name);
        if (filter.UrlContains is { } url) events = ilike ? events.Where(e => e.Url != null && EF.Functions.ILike(e.Url, Like(url), "\\")) : events.Where(e => e.Url != null && EF.Functions.Like(e.Url, Like(url), "\\"));
        if (filter.SelectorContains is { } selector) events = ilike ? events.Where(e => e.Selector != null && EF.Functions.ILike(e.Selector, Like(selector), "\\")) : events.Where(e => e.Selector != null && EF.Functions.Like(e.Selector, Like(selector), "\\"));
        if (filter.TextContains is { } text) events = ilike ? events.Where(e => e.Text != null && EF.Functions.ILike(e.Text, Like(text), "\\")) : events.Where(e => e.Text != null && EF.Functions.Like(e.Text, Like(text), "\\"));
        events = events.OrderBy(e => e.TimestampMs).ThenBy(e => e.Id);
        if (filter.AnyOf is not { } anyOf)
            return await events.Take(MaxResults).Select(e => new MatchingEvent(e.Id, e.Type, e.Name, e.TimestampMs, e.WindowId)).ToListAsync(ct);
        // PostHog's event filter (regular expressions among its conditions) is matched here, on one recording's events.
        var types = anyOf.Select(c => c.Type).ToList();
        if (types.All(t => t is not null)) events = events.Where(e => types.Contains(e.Type));
        var candidates = await events.ToListAsync(ct);
        return [.. candidates.Where(e => anyOf.Any(c => Matches(c, e))).Take(MaxResults)
            .Select(e => new MatchingEvent(e.Id, e.Type, e.Name, e.TimestampMs, e.WindowId))];
    }

    private static bool Matches(EventCondition c, BehaviorEventRow e) =>
        (c.Type is null || c.Type == e.Type) && (c.Name is null || c.Name == e.Name)
        && c.Fields.All(f => f.Condition.Matches(f.Field switch { EventField.Url => e.Url, EventField.Text => e.Text, _ => e.Selector }));

    // LIKE is case-insensitive for ASCII in SQLite; the user's text is matched literally.
    private static string Like(string text) => "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
