using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Queries;

/// <summary>
/// Loads a recording's events in time order — its behaviour events and the page loads, clicks and console messages of
/// its rrweb data, each thing once (<see cref="CountedEvents"/>) — bounded so one huge session cannot exhaust memory.
/// </summary>
internal static class RecordingEvents
{
    public const int MaxEvents = 50_000;

    public static async Task<(RecordingRow Recording, List<BehaviorEventRow> Events)?> LoadAsync(
        RecordingsDbContext db, int environmentId, string sessionId, CancellationToken ct)
    {
        var recording = await db.Recordings.AsNoTracking()
            .FirstOrDefaultAsync(r => r.EnvironmentId == environmentId && r.SessionId == sessionId, ct);
        if (recording is null) return null;
        var events = await db.BehaviorEvents.AsNoTracking().Where(e => e.RecordingId == recording.Id)
            .OrderBy(e => e.TimestampMs).ThenBy(e => e.Id).Take(MaxEvents).ToListAsync(ct);
        var replay = await db.ReplayEvents.AsNoTracking().Where(e => e.RecordingId == recording.Id)
            .OrderBy(e => e.TimestampMs).ThenBy(e => e.Id).Take(MaxEvents).ToListAsync(ct);
        return (recording, CountedEvents.Select(events, replay));
    }

    /// <summary>The path of a URL (without scheme, host, query or fragment), or the text itself when it is not a URL.</summary>
    public static string PathOf(string? url)
    {
        if (string.IsNullOrEmpty(url)) return "/";
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url.Split('?', '#')[0];
    }
}
