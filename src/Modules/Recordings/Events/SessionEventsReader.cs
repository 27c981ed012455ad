using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Queries;

namespace Modules.Recordings.Events;

/// <summary>A session's behaviour events in time order, from both modes (also those before playback started).</summary>
internal sealed class SessionEventsReader(RecordingsDbContext db)
{
    public async Task<BehaviorEventsPage?> ListAsync(int environmentId, string sessionId, int limit, int offset, CancellationToken ct)
    {
        var recordingId = await db.Recordings.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (recordingId is null) return null;
        var events = db.BehaviorEvents.AsNoTracking().Where(e => e.RecordingId == recordingId);
        var count = await events.CountAsync(ct);
        var page = await events.OrderBy(e => e.TimestampMs).ThenBy(e => e.Id).Skip(offset).Take(limit)
            .Select(e => new BehaviorEvent(e.Id, e.WindowId, e.TimestampMs, e.Type, e.Name, e.Url, e.Selector, e.Text, e.PropertiesJson))
            .ToListAsync(ct);
        return new BehaviorEventsPage(count, page);
    }

    public async Task<BehaviorEventsPage?> ListCountedAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        if (await RecordingEvents.LoadAsync(db, environmentId, sessionId, ct) is not var (_, events)) return null;
        return new BehaviorEventsPage(events.Count, [.. events.Select(e =>
            new BehaviorEvent(e.Id, e.WindowId, e.TimestampMs, e.Type, e.Name, e.Url, e.Selector, e.Text, e.PropertiesJson))]);
    }
}
