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
        rows = q.Kind switch
        {
            RecordingKind.Replayable => rows.Where(r => r.TrackingMode == "playback"),
            RecordingKind.BehaviorOnly => rows.Where(r => r.TrackingMode != "playback"),
            _ => rows,
        };
        if (q.FromMs is { } from) rows = rows.Where(r => r.StartTimeMs >= from);
        if (q.ToMs is { } to) rows = rows.Where(r => r.StartTimeMs <= to);
        if (q.DistinctId is { } distinct)
            rows = rows.Where(r => r.DistinctId == distinct || (r.DistinctId == null && r.SessionId == distinct));
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
        if (q.Viewed is { } viewed) rows = rows.Where(r => r.Viewed == viewed);
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
