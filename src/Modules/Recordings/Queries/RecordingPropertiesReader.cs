using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>
/// Per-recording properties: browser, OS and device from the User-Agent, the viewport from the first rrweb meta event,
/// the referrer from the first page view, and the person properties of the last identify.
/// </summary>
internal sealed class RecordingPropertiesReader(RecordingsDbContext db)
{
    public const int MaxSessions = 100;

    public async Task<IReadOnlyList<RecordingProperties>> ReadAsync(int environmentId, IReadOnlyList<string> sessionIds, CancellationToken ct)
    {
        var recordings = await db.Recordings.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && sessionIds.Contains(r.SessionId)).ToListAsync(ct);
        var result = new List<RecordingProperties>(recordings.Count);
        foreach (var r in recordings.OrderBy(r => IndexOf(sessionIds, r.SessionId)))
        {
            var ua = UserAgentInfo.Parse(r.BrowserInfo);
            var viewport = await ViewportAsync(r.Id, ct);
            result.Add(new RecordingProperties(r.SessionId, ua.Browser, ua.Version, ua.Os, ua.DeviceType, viewport?.Width, viewport?.Height,
                r.StartUrl, await ReferrerAsync(r.Id, ct), r.PersonPropertiesJson, r.BrowserInfo));
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++) if (ids[i] == id) return i;
        return int.MaxValue;
    }

    private async Task<(int Width, int Height)?> ViewportAsync(long recordingId, CancellationToken ct)
    {
        // The meta event opens each page load, so the earliest chunks hold it; a few are read at most.
        var chunks = await db.SnapshotChunks.AsNoTracking().Where(c => c.RecordingId == recordingId)
            .OrderBy(c => c.FirstTimestampMs).ThenBy(c => c.Id).Select(c => c.GzipData).Take(3).ToListAsync(ct);
        foreach (var chunk in chunks)
            if (ViewportReader.FirstIn(chunk) is { } size) return size;
        return null;
    }

    private async Task<string?> ReferrerAsync(long recordingId, CancellationToken ct)
    {
        var json = await db.BehaviorEvents.AsNoTracking().Where(e => e.RecordingId == recordingId && e.Type == "pageview")
            .OrderBy(e => e.TimestampMs).ThenBy(e => e.Id).Select(e => e.PropertiesJson).FirstOrDefaultAsync(ct);
        if (json is null) return null;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("referrer", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } s ? s : null;
    }
}
