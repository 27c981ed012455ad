using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Errors;

/// <summary>
/// JS exceptions and console errors of an environment's recordings in a time range (from behaviour events and from
/// the rrweb console plugin, each error once), grouped by
/// <see cref="ErrorFingerprint"/>, most frequent first. At most <see cref="MaxErrors"/> (the newest) are read.
/// </summary>
internal sealed class ErrorClusters(RecordingsDbContext db)
{
    public const int MaxErrors = 100_000;
    private const int Samples = 5;

    public async Task<IReadOnlyList<ErrorCluster>> ListAsync(int environmentId, long fromMs, long toMs, int limit, CancellationToken ct)
    {
        var behavior = await (
                from e in db.BehaviorEvents.AsNoTracking()
                join r in db.Recordings.AsNoTracking() on e.RecordingId equals r.Id
                where r.EnvironmentId == environmentId && r.StartTimeMs <= toMs && r.EndTimeMs >= fromMs
                      && e.TimestampMs >= fromMs && e.TimestampMs <= toMs
                      && (e.Type == "error" || (e.Type == "console" && e.Name == "error"))
                orderby e.TimestampMs descending
                select new Error(r.Id, r.SessionId, e.WindowId, e.Type, e.Name, e.Text, e.Url, e.PropertiesJson, e.TimestampMs))
            .Take(MaxErrors).ToListAsync(ct);
        var replay = await (
                from e in db.ReplayEvents.AsNoTracking()
                join r in db.Recordings.AsNoTracking() on e.RecordingId equals r.Id
                where r.EnvironmentId == environmentId && r.StartTimeMs <= toMs && r.EndTimeMs >= fromMs
                      && e.TimestampMs >= fromMs && e.TimestampMs <= toMs
                      && (e.Type == "error" || (e.Type == "console" && e.Name == "error"))
                orderby e.TimestampMs descending
                select new Error(r.Id, r.SessionId, e.WindowId, e.Type, e.Name, e.Text, e.Url, e.PropertiesJson, e.TimestampMs))
            .Take(MaxErrors).ToListAsync(ct);
        return Counted(behavior, replay)
            .OrderByDescending(e => e.TimestampMs)
            .Select(e =>
            {
                var kind = e.Type == "error" ? "exception" : "console_error";
                var message = (e.Type == "error" ? e.Name : e.Text) ?? "(no message)";
                var normalised = ErrorFingerprint.NormaliseMessage(message);
                var frame = e.Type == "error" ? ErrorFingerprint.TopFrame(e.Url, e.PropertiesJson) : null;
                return new { e.SessionId, e.TimestampMs, kind, message, normalised, frame, Fingerprint = ErrorFingerprint.Of(kind, normalised, frame) };
            })
            .GroupBy(e => e.Fingerprint)
            .Select(g => new ErrorCluster(
                g.Key, g.First().kind, g.First().normalised, g.First().message, g.First().frame, g.Count(), g.Select(e => e.SessionId).Distinct().Count(),
                g.Min(e => e.TimestampMs), g.Max(e => e.TimestampMs),
                g.Select(e => e.SessionId).Distinct().Take(Samples).ToList()))
            .OrderByDescending(c => c.Occurrences).ThenByDescending(c => c.LastSeenMs).ThenBy(c => c.Fingerprint, StringComparer.Ordinal)
            .Take(limit).ToList();
    }

    private sealed record Error(long RecordingId, string SessionId, string WindowId, string Type, string? Name, string? Text, string? Url,
        string? PropertiesJson, long TimestampMs);

    /// <summary>
    /// Each error once: per recording and window the source that reported more of them (the behaviour events on a
    /// tie), as the recording's console_error_count counts (see <see cref="CountedEvents"/>).
    /// </summary>
    private static List<Error> Counted(List<Error> behavior, List<Error> replay)
    {
        if (replay.Count == 0) return behavior;
        var fromBehavior = behavior.CountBy(e => (e.RecordingId, e.WindowId)).ToDictionary();
        var fromReplay = replay.CountBy(e => (e.RecordingId, e.WindowId)).ToDictionary();
        bool UsesReplay((long, string) window) => fromReplay.GetValueOrDefault(window) > fromBehavior.GetValueOrDefault(window);
        return [.. behavior.Where(e => !UsesReplay((e.RecordingId, e.WindowId))), .. replay.Where(e => UsesReplay((e.RecordingId, e.WindowId)))];
    }
}
