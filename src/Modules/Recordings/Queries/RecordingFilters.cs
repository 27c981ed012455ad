using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>Turns a <see cref="RecordingListQuery"/>'s filters and order into SQL, each on an index of the recordings table.</summary>
internal static class RecordingFilters
{
    public static async Task<IQueryable<RecordingRow>> ApplyAsync(RecordingsDbContext db, RecordingListQuery q, CancellationToken ct)
    {
        var rows = db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == q.EnvironmentId);
        // Without statistics SQLite would rather walk the (environment, mode, start) index in order than look a person
        // or a few sessions up: when such a selective filter is given, the mode is compared in a form no index serves.
        var selective = q.DistinctId is not null || q.PersonUuid is not null || q.SessionIds is not null;
        rows = (q.Kind, selective) switch
        {
            (RecordingKind.Replayable, false) => rows.Where(r => r.TrackingMode == "playback"),
            (RecordingKind.Replayable, true) => rows.Where(r => r.TrackingMode + "" == "playback"),
            (RecordingKind.BehaviorOnly, _) => rows.Where(r => r.TrackingMode != "playback"),
            _ => rows,
        };
        if (q.FromMs is { } from) rows = rows.Where(r => r.StartTimeMs >= from);
        if (q.ToMs is { } to) rows = rows.Where(r => r.StartTimeMs <= to);
        var env = q.EnvironmentId;
        if (q.DistinctId is { } distinct)
        {
            // A session without identify is its own anonymous person: its distinct id is its session id. Two plain
            // equality filters (not one OR) let SQLite use an index either way.
            var identified = await db.Recordings.AnyAsync(r => r.EnvironmentId == env && r.DistinctId == distinct, ct);
            rows = identified ? rows.Where(r => r.DistinctId == distinct) : rows.Where(r => r.SessionId == distinct && r.DistinctId == null);
        }
        if (q.PersonUuid is { } uuid)
        {
            var distinctIds = await PersonDistinctIdsAsync(db, q.EnvironmentId, uuid, ct);
            rows = rows.Where(r => distinctIds.Contains(r.DistinctId!) || (r.DistinctId == null && distinctIds.Contains(r.SessionId)));
        }
        if (q.SessionIds is { } ids) rows = rows.Where(r => ids.Contains(r.SessionId));
        if (q.MinDurationMs is { } min) rows = rows.Where(r => r.DurationMs >= min);
        if (q.MaxDurationMs is { } max) rows = rows.Where(r => r.DurationMs <= max);
        if (q.StartUrlContains is { } url) rows = rows.Where(r => r.StartUrl != null && r.StartUrl.Contains(url));
        if (q.HasConsoleErrors is { } errors) rows = errors ? rows.Where(r => r.ConsoleErrorCount > 0) : rows.Where(r => r.ConsoleErrorCount == 0);
        if (q.Persisted is { } persisted) rows = rows.Where(r => r.Persisted == persisted);
        if (q.Viewed is { } viewed)
        {
            var seen = RecordingViews.SeenBy(db, q.ViewerAdminId);
            rows = viewed ? rows.Where(r => seen.Any(v => v.RecordingId == r.Id)) : rows.Where(r => !seen.Any(v => v.RecordingId == r.Id));
        }
        return rows;
    }

    /// <summary>The order, always ending with the row id so equal values page stably.</summary>
    public static IQueryable<RecordingRow> Order(IQueryable<RecordingRow> rows, RecordingListQuery q) => (q.Order, q.Descending) switch
    {
        (RecordingOrder.Duration, true) => rows.OrderByDescending(r => r.DurationMs).ThenByDescending(r => r.Id),
        (RecordingOrder.Duration, false) => rows.OrderBy(r => r.DurationMs).ThenBy(r => r.Id),
        (RecordingOrder.ActiveSeconds, true) => rows.OrderByDescending(r => r.ActiveMs).ThenByDescending(r => r.Id),
        (RecordingOrder.ActiveSeconds, false) => rows.OrderBy(r => r.ActiveMs).ThenBy(r => r.Id),
        (RecordingOrder.ConsoleErrors, true) => rows.OrderByDescending(r => r.ConsoleErrorCount).ThenByDescending(r => r.Id),
        (RecordingOrder.ConsoleErrors, false) => rows.OrderBy(r => r.ConsoleErrorCount).ThenBy(r => r.Id),
        (_, true) => rows.OrderByDescending(r => r.StartTimeMs).ThenByDescending(r => r.Id),
        (_, false) => rows.OrderBy(r => r.StartTimeMs).ThenBy(r => r.Id),
    };

    // There is no person table: a person UUID is derived from a distinct id, so it is matched against the
    // environment's distinct ids (read from their index, not from the rows) and anonymous sessions' ids.
    private static async Task<List<string>> PersonDistinctIdsAsync(RecordingsDbContext db, int environmentId, Guid uuid, CancellationToken ct)
    {
        var candidates = await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId)
            .Select(r => r.DistinctId ?? r.SessionId).Distinct().ToListAsync(ct);
        return candidates.Where(d => RecordingPerson.Uuid(environmentId, d) == uuid).ToList();
    }
}
