using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>Lists and reads recordings for the REST API and the dashboard, and records that one was viewed.</summary>
internal sealed class RecordingCatalog(RecordingsDbContext db, RecordingCountCache counts)
{
    public async Task<RecordingListPage> ListAsync(RecordingListQuery query, CancellationToken ct)
    {
        var rows = await RecordingFilters.ApplyAsync(db, query, ct);
        var count = await counts.CountAsync(query, () => rows.CountAsync(ct));
        if (count == 0 || query.Offset >= count) return new RecordingListPage(count, []);
        var page = RecordingFilters.Order(rows, query).Skip(query.Offset).Take(query.Limit);
        return new RecordingListPage(count, await RecordingProjection.Select(db, page).ToListAsync(ct));
    }

    public Task<RecordingInfo?> GetAsync(int environmentId, string sessionId, CancellationToken ct) =>
        RecordingProjection.Select(db, db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId))
            .FirstOrDefaultAsync(ct);

    public async Task<bool> MarkViewedAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var changed = await db.Recordings.Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Viewed, true), ct);
        counts.Forget(environmentId);
        return changed > 0;
    }
}
