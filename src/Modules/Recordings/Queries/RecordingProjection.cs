using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>Reads recordings as <see cref="RecordingInfo"/>, with where their snapshot data lies, in one query.</summary>
internal static class RecordingProjection
{
    /// <param name="viewerAdminId">The admin whose views <see cref="RecordingInfo.Viewed"/> reports; null for none.</param>
    public static IQueryable<RecordingInfo> Select(RecordingsDbContext db, IQueryable<RecordingRow> rows, int? viewerAdminId)
    {
        var seen = RecordingViews.SeenBy(db, viewerAdminId);
        return rows.Select(r => new
        {
            Row = r,
            Viewed = seen.Any(v => v.RecordingId == r.Id),
            Hot = db.SnapshotChunks.Any(c => c.RecordingId == r.Id),
            Cold = db.ColdSegments.Any(c => c.RecordingId == r.Id),
        }).Select(x => new RecordingInfo(
            x.Row.SessionId, x.Row.DistinctId, x.Row.PersonPropertiesJson, x.Viewed, x.Row.Persisted, x.Row.TrackingMode == "playback",
            x.Row.StartTimeMs, x.Row.EndTimeMs, x.Row.ActiveMs, x.Row.InactiveMs,
            x.Row.ClickCount, x.Row.KeypressCount, x.Row.MouseActivityCount, x.Row.ConsoleLogCount, x.Row.ConsoleWarnCount, x.Row.ConsoleErrorCount,
            x.Row.StartUrl, StorageOf(x.Hot, x.Cold), x.Row.CreatedAtMs));
    }

    // Named in C# (EF Core calls it on the two columns it reads) rather than as a SQL CASE, which repeated each
    // EXISTS subquery in its branches: every listed row then looks each store up once.
    private static string StorageOf(bool hot, bool cold) => hot && cold ? "mixed" : hot ? "hot" : cold ? "cold" : "none";
}
