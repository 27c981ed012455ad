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
        var selective = q.DistinctId is not null || q.PersonUuid is not null || q.SessionIds is not null || q.DistinctIds is not null;
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
        if (q.DistinctIds is { } anyOf)
            rows = rows.Where(r => anyOf.Contains(r.DistinctId!) || (r.DistinctId == null && anyOf.Contains(r.SessionId)));
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
        if (q.Console is { } console) rows = await ConsoleFilter.ApplyAsync(db, rows, console, ct);
        foreach (var condition in q.Events ?? [])
        {
            var matching = await EventConditionFilter.SessionsAsync(db, rows, condition, ct);
            rows = rows.Where(r => matching.Contains(r.Id));
        }
        if (q.Properties is { Count: > 0 } properties)
        {
            var matching = await PropertyFilter.SessionsAsync(db, rows, properties, ct);
            rows = rows.Where(r => matching.Contains(r.Id));
        }
        return rows;
    }

    /// <summary>The order, always ending with the row id so equal values page stably.</summary>
    public static IQueryable<RecordingRow> Order(IQueryable<RecordingRow> rows, RecordingListQuery q) => q.Order switch
    {
        RecordingOrder.Duration => By(rows, r => r.DurationMs, q.Descending),
        RecordingOrder.ActiveSeconds => By(rows, r => r.ActiveMs, q.Descending),
        RecordingOrder.InactiveSeconds => By(rows, r => r.DurationMs - r.ActiveMs, q.Descending),
        RecordingOrder.ConsoleErrors => By(rows, r => r.ConsoleErrorCount, q.Descending),
        RecordingOrder.ConsoleWarnings => By(rows, r => r.ConsoleWarnCount, q.Descending),
        RecordingOrder.ConsoleLogs => By(rows, r => r.ConsoleLogCount, q.Descending),
        RecordingOrder.Clicks => By(rows, r => r.ClickCount, q.Descending),
        RecordingOrder.Keypresses => By(rows, r => r.KeypressCount, q.Descending),
        RecordingOrder.MouseActivity => By(rows, r => r.MouseActivityCount, q.Descending),
        // RecordingActivity.Score in SQL (rounding aside, which does not change the order).
        RecordingOrder.ActivityScore => By(rows, r =>
            r.MouseActivityCount + r.DurationMs / 1000.0 + r.ConsoleErrorCount + r.ConsoleLogCount + r.ConsoleWarnCount <= 0 ? 0.0
                : (r.ActiveMs / 1000.0 + r.ClickCount + r.KeypressCount + r.ConsoleErrorCount)
                  / (r.MouseActivityCount + r.DurationMs / 1000.0 + r.ConsoleErrorCount + r.ConsoleLogCount + r.ConsoleWarnCount), q.Descending),
        _ => By(rows, r => r.StartTimeMs, q.Descending),
    };

    private static IQueryable<RecordingRow> By<TKey>(IQueryable<RecordingRow> rows, System.Linq.Expressions.Expression<Func<RecordingRow, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key).ThenByDescending(r => r.Id) : rows.OrderBy(key).ThenBy(r => r.Id);

    // There is no person table: a person UUID is derived from a distinct id, so it is matched against the
    // environment's distinct ids (read from their index, not from the rows) and anonymous sessions' ids.
    private static async Task<List<string>> PersonDistinctIdsAsync(RecordingsDbContext db, int environmentId, Guid uuid, CancellationToken ct)
    {
        var candidates = await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId)
            .Select(r => r.DistinctId ?? r.SessionId).Distinct().ToListAsync(ct);
        return candidates.Where(d => RecordingPerson.Uuid(environmentId, d) == uuid).ToList();
    }
}
