using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>Reads recordings as <see cref="RecordingInfo"/>, with where their snapshot data lies, in one query.</summary>
internal static class RecordingProjection
{
    public static IQueryable<RecordingInfo> Select(RecordingsDbContext db, IQueryable<RecordingRow> rows) =>
        rows.Select(r => new
        {
            Row = r,
            Hot = db.SnapshotChunks.Any(c => c.RecordingId == r.Id),
            Cold = false,
        }).Select(x => new RecordingInfo(
            x.Row.SessionId, x.Row.DistinctId, x.Row.PersonPropertiesJson, x.Row.Viewed, x.Row.Persisted, x.Row.TrackingMode == "playback",
            x.Row.StartTimeMs, x.Row.EndTimeMs, x.Row.ActiveMs, x.Row.InactiveMs,
            x.Row.ClickCount, x.Row.KeypressCount, x.Row.MouseActivityCount, x.Row.ConsoleLogCount, x.Row.ConsoleWarnCount, x.Row.ConsoleErrorCount,
            x.Row.StartUrl, x.Hot && x.Cold ? "mixed" : x.Hot ? "hot" : x.Cold ? "cold" : "none"));
}
