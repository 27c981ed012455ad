using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>Lists and reads recordings for the REST API and the dashboard, and records that an admin viewed one.</summary>
internal sealed class RecordingCatalog(RecordingsDbContext db, RecordingCountCache counts, TimeProvider clock)
{
    public async Task<RecordingListPage> ListAsync(RecordingListQuery query, CancellationToken ct)
    {
        var rows = await RecordingFilters.ApplyAsync(db, query, ct);
        var count = await counts.CountAsync(query, () => rows.CountAsync(ct));
        if (count == 0 || query.Offset >= count) return new RecordingListPage(count, []);
        var page = RecordingFilters.Order(rows, query).Skip(query.Offset).Take(query.Limit);
        return new RecordingListPage(count, await RecordingProjection.Select(db, page, query.ViewerAdminId).ToListAsync(ct));
    }

    public Task<RecordingInfo?> GetAsync(int environmentId, string sessionId, int? viewerAdminId, CancellationToken ct) =>
        RecordingProjection.Select(db, db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId), viewerAdminId)
            .FirstOrDefaultAsync(ct);

    public async Task<bool> PersistAsync(int environmentId, string sessionId, CancellationToken ct)
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
}
