using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>Lists and reads recordings for the REST API and the dashboard, and records that an admin viewed one.</summary>
internal sealed class RecordingCatalog(RecordingsDbContext db, RecordingCountCache counts, TimeProvider clock, IServiceProvider services) : IRecordingCatalog
{
    public async Task<RecordingListPage> ListRecordingsAsync(RecordingListQuery query, CancellationToken ct)
    {
        var rows = await RecordingFilters.ApplyAsync(db, query, ct);
        var count = await counts.CountAsync(query, () => rows.CountAsync(ct));
        if (count == 0 || query.Offset >= count) return new RecordingListPage(count, []);
        if (query is { Order: RecordingOrder.AsGiven, SessionIds: { } given })
        {
            // At most a thousand ids: the matching ones are put in the given order here, then paged.
            var found = await rows.Select(r => new { r.Id, r.SessionId }).ToListAsync(ct);
            var position = given.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
            var pageIds = found.OrderBy(r => position[r.SessionId]).Skip(query.Offset).Take(query.Limit).Select(r => r.Id).ToList();
            var read = await RecordingProjection.Select(db, rows.Where(r => pageIds.Contains(r.Id)), query.ViewerAdminId).ToListAsync(ct);
            return new RecordingListPage(count, await WithViewersAsync(query.EnvironmentId, [.. read.OrderBy(r => position[r.Id])], ct));
        }
        var page = RecordingFilters.Order(rows, query).Skip(query.Offset).Take(query.Limit);
        if (query.Offset > 0)
        {
            // The skipped rows are only counted off along the order: the page's ids first (a subquery), then the
            // projection's look-ups (which store holds the data, viewed) for those rows alone. In one statement the
            // database ran them for every skipped row too (1 100 per store for page 11 on PostgreSQL at 1 M rows).
            var pageIds = page.Select(r => r.Id);
            page = RecordingFilters.Order(db.Recordings.AsNoTracking().Where(r => pageIds.Contains(r.Id)), query);
        }
        return new RecordingListPage(count, await WithViewersAsync(query.EnvironmentId, await RecordingProjection.Select(db, page, query.ViewerAdminId).ToListAsync(ct), ct));
    }

    public async Task<RecordingInfo?> GetRecordingAsync(int environmentId, string sessionId, int? viewerAdminId, CancellationToken ct) =>
        await RecordingProjection.Select(db, db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId), viewerAdminId)
            .FirstOrDefaultAsync(ct) is { } found
            ? (await WithViewersAsync(environmentId, [found], ct))[0]
            : null;

    /// <summary>Who has played each recording (one query for the page), first viewer first; carried-over views of nobody known are left out.</summary>
    private async Task<List<RecordingInfo>> WithViewersAsync(int environmentId, List<RecordingInfo> recordings, CancellationToken ct)
    {
        if (recordings.Count == 0) return recordings;
        var sessionIds = recordings.Select(r => r.Id).ToList();
        var env = db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && sessionIds.Contains(r.SessionId));
        var views = await db.RecordingViews.AsNoTracking().Where(v => v.AdminId != RecordingViewRow.EveryAdmin)
            .Join(env, v => v.RecordingId, r => r.Id, (v, r) => new { r.SessionId, v.AdminId, v.FirstViewedAtMs }).ToListAsync(ct);
        var bySession = views.GroupBy(v => v.SessionId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.OrderBy(v => v.FirstViewedAtMs).Select(v => v.AdminId)]);
        return [.. recordings.Select(r => bySession.TryGetValue(r.Id, out var ids) ? r with { ViewerAdminIds = ids } : r)];
    }

    public async Task<bool> PersistRecordingAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var persisted = await db.Recordings.Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Persisted, true), ct) > 0;
        // A cached total of persisted=false (or true) lists would otherwise stay wrong for its lifetime.
        if (persisted) counts.Forget(environmentId);
        return persisted;
    }

    public async Task<bool> MarkViewedAsync(int environmentId, string sessionId, int adminId, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(adminId, RecordingViewRow.EveryAdmin);
        // One statement, so a recording deleted meanwhile is simply not found; the first view is kept, so opening it
        // again (or in two tabs at once) changes nothing.
        var added = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO recording_views ("RecordingId", "AdminId", "FirstViewedAtMs")
            SELECT "Id", {adminId}, {clock.GetUtcNow().ToUnixTimeMilliseconds()} FROM recordings
            WHERE "EnvironmentId" = {environmentId} AND "SessionId" = {sessionId}
            ON CONFLICT DO NOTHING
            """,
            ct);
        if (added == 0) return await db.Recordings.AnyAsync(r => r.EnvironmentId == environmentId && r.SessionId == sessionId, ct);
        counts.Forget(environmentId);
        return true;
    }

    public async Task<bool> MarkAnalyzedAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        // As views: one statement, and the first time is kept.
        var added = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO recording_analyses ("RecordingId", "FirstAnalyzedAtMs")
            SELECT "Id", {clock.GetUtcNow().ToUnixTimeMilliseconds()} FROM recordings
            WHERE "EnvironmentId" = {environmentId} AND "SessionId" = {sessionId}
            ON CONFLICT DO NOTHING
            """,
            ct);
        return added > 0 || await db.Recordings.AnyAsync(r => r.EnvironmentId == environmentId && r.SessionId == sessionId, ct);
    }

    public async Task<bool?> IsAnalyzedAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var recording = await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .Select(r => new { r.Id }).FirstOrDefaultAsync(ct);
        return recording is null ? null : await db.RecordingAnalyses.AnyAsync(a => a.RecordingId == recording.Id, ct);
    }

    public async Task<bool> DeleteRecordingAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var id = await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (id is null) return false;
        // Every removal goes through RecordingRemoval (it tells the dependants); resolved here, when a delete happens.
        return (await services.GetRequiredService<Storage.RecordingRemoval>().DeleteAsync([id.Value], ct)).Recordings > 0;
    }

    public Task<IReadOnlyList<DailyRecordingCount>> CountRecordingsPerDayAsync(int environmentId, DateOnly from, DateOnly to, CancellationToken ct) =>
        new RecordingsPerDay(db).CountAsync(environmentId, from, to, ct);
}
