using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>Which views count as an admin's: their own, and those carried over from before views were per admin.</summary>
internal static class RecordingViews
{
    /// <summary>The views that make a recording viewed for <paramref name="adminId"/>; none for no admin.</summary>
    public static IQueryable<RecordingViewRow> SeenBy(RecordingsDbContext db, int? adminId) => adminId is { } admin
        ? db.RecordingViews.Where(v => v.AdminId == admin || v.AdminId == RecordingViewRow.EveryAdmin)
        : db.RecordingViews.Where(v => false);
}
