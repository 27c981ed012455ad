using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>
/// Sessions with an event matching an <see cref="EventCondition"/>, from both the behaviour events and the events read
/// from the rrweb data (a tab that sent rrweb data only has page views, clicks and console entries there).
/// </summary>
internal static class EventConditionFilter
{
    public static async Task<HashSet<long>> SessionsAsync(RecordingsDbContext db, IQueryable<RecordingRow> rows, EventCondition c, CancellationToken ct)
    {
        var candidates = rows.Select(r => r.Id);
        var behavior = db.BehaviorEvents.AsNoTracking().Where(e => candidates.Contains(e.RecordingId));
        var replay = db.ReplayEvents.AsNoTracking().Where(e => candidates.Contains(e.RecordingId));
        if (c.Type is { } type) (behavior, replay) = (behavior.Where(e => e.Type == type), replay.Where(e => e.Type == type));
        if (c.Name is { } name) (behavior, replay) = (behavior.Where(e => e.Name == name), replay.Where(e => e.Name == name));
        if (c.Fields.Count == 0)
        {
            var ids = await behavior.Select(e => e.RecordingId).Distinct().ToListAsync(ct);
            ids.AddRange(await replay.Select(e => e.RecordingId).Distinct().ToListAsync(ct));
            return [.. ids];
        }
        // The conditions (regular expressions among them) are matched here, on the candidate events' few columns.
        var events = await behavior.Select(e => new EventFields(e.RecordingId, e.Url, e.Text, e.Selector)).ToListAsync(ct);
        events.AddRange(await replay.Select(e => new EventFields(e.RecordingId, e.Url, e.Text, e.Selector)).ToListAsync(ct));
        return [.. events.Where(e => c.Fields.All(f => f.Condition.Matches(e.Of(f.Field)))).Select(e => e.RecordingId)];
    }

    private sealed record EventFields(long RecordingId, string? Url, string? Text, string? Selector)
    {
        public string? Of(EventField field) => field switch
        {
            EventField.Url => Url,
            EventField.Text => Text,
            _ => Selector,
        };
    }
}

/// <summary>Sessions whose browser, OS, device, pages or person properties match every condition.</summary>
internal static class PropertyFilter
{
    public static async Task<HashSet<long>> SessionsAsync(RecordingsDbContext db, IQueryable<RecordingRow> rows, IReadOnlyList<SessionPropertyCondition> conditions, CancellationToken ct)
    {
        // The browser, OS and device are read from the User-Agent, which SQL cannot parse: the candidates' few columns
        // are read once and the conditions matched here, each distinct User-Agent parsed once.
        var sessions = await rows.Select(r => new { r.Id, r.BrowserInfo, r.StartUrl, r.PersonPropertiesJson }).ToListAsync(ct);
        Dictionary<long, List<string>>? pages = null;
        if (conditions.Any(c => c.Property == SessionProperty.CurrentUrl))
        {
            var candidates = rows.Select(r => r.Id);
            var urls = await db.BehaviorEvents.AsNoTracking().Where(e => candidates.Contains(e.RecordingId) && e.Type == "pageview" && e.Url != null)
                .Select(e => new { e.RecordingId, e.Url }).Distinct().ToListAsync(ct);
            urls.AddRange(await db.ReplayEvents.AsNoTracking().Where(e => candidates.Contains(e.RecordingId) && e.Type == "pageview" && e.Url != null)
                .Select(e => new { e.RecordingId, e.Url }).Distinct().ToListAsync(ct));
            pages = urls.GroupBy(u => u.RecordingId).ToDictionary(g => g.Key, g => g.Select(u => u.Url!).ToList());
        }
        var agents = new Dictionary<string, UserAgentInfo>();
        UserAgentInfo Agent(string? ua) => ua is null ? UserAgentInfo.Parse(null)
            : agents.TryGetValue(ua, out var known) ? known : agents[ua] = UserAgentInfo.Parse(ua);
        var matching = new HashSet<long>();
        foreach (var s in sessions)
        {
            var ua = Agent(s.BrowserInfo);
            bool Holds(SessionPropertyCondition c) => c.Property switch
            {
                SessionProperty.Browser => c.Condition.Matches(ua.Browser),
                SessionProperty.BrowserVersion => c.Condition.Matches(ua.Version),
                SessionProperty.Os => c.Condition.Matches(ua.Os),
                SessionProperty.DeviceType => c.Condition.Matches(ua.DeviceType),
                SessionProperty.EntryUrl => c.Condition.Matches(s.StartUrl),
                SessionProperty.CurrentUrl => (pages?.GetValueOrDefault(s.Id) ?? []).Append(s.StartUrl).Where(u => u is not null).Any(c.Condition.Matches),
                _ => c.Condition.Matches(PersonValue(s.PersonPropertiesJson, c.PersonKey!)),
            };
            if (conditions.All(Holds)) matching.Add(s.Id);
        }
        return matching;
    }

    /// <summary>A person property as text (a number or boolean as written), or null when it is missing or unreadable.</summary>
    private static string? PersonValue(string? json, string key)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(key, out var v)) return null;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => v.GetRawText(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // Stored before ingestion checked depth and text: no value rather than no answer.
        }
    }
}

/// <summary>
/// Sessions with a console entry at the asked levels, by the counts; with a message condition, by the kept warn and error
/// entries (console warnings and errors, and uncaught errors, which the error count includes).
/// </summary>
internal static class ConsoleFilter
{
    public static async Task<IQueryable<RecordingRow>> ApplyAsync(RecordingsDbContext db, IQueryable<RecordingRow> rows, ConsoleCondition c, CancellationToken ct)
    {
        var levels = c.Levels ?? ["info", "warn", "error"];
        if (c.Message is null)
        {
            bool info = levels.Contains("info"), warn = levels.Contains("warn"), error = levels.Contains("error");
            return rows.Where(r => (info && r.ConsoleLogCount > 0) || (warn && r.ConsoleWarnCount > 0) || (error && r.ConsoleErrorCount > 0));
        }
        if (levels.Contains("info")) throw new ArgumentException("Console messages are kept for warn and error entries only.", nameof(c));
        var candidates = rows.Select(r => r.Id);
        bool warnings = levels.Contains("warn"), errors = levels.Contains("error");
        var behavior = db.BehaviorEvents.AsNoTracking().Where(e => candidates.Contains(e.RecordingId)
            && ((e.Type == "console" && ((warnings && e.Name == "warn") || (errors && e.Name == "error"))) || (errors && e.Type == "error")))
            .Select(e => new { e.RecordingId, Message = e.Type == "error" ? e.Name : e.Text });
        var replay = db.ReplayEvents.AsNoTracking().Where(e => candidates.Contains(e.RecordingId)
            && ((e.Type == "console" && ((warnings && e.Name == "warn") || (errors && e.Name == "error"))) || (errors && e.Type == "error")))
            .Select(e => new { e.RecordingId, Message = e.Type == "error" ? e.Name : e.Text });
        var entries = await behavior.ToListAsync(ct);
        entries.AddRange(await replay.ToListAsync(ct));
        var matching = entries.Where(e => c.Message.Matches(e.Message)).Select(e => e.RecordingId).Distinct().ToList();
        return rows.Where(r => matching.Contains(r.Id));
    }
}
