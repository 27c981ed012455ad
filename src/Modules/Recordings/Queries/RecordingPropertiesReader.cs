using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Snapshots;

namespace Modules.Recordings.Queries;

/// <summary>
/// Per-recording properties: browser, OS and device from the User-Agent, the viewport from the first rrweb meta event,
/// the referrer from the first page view, and the person properties of the last identify.
/// </summary>
internal sealed class RecordingPropertiesReader(RecordingsDbContext db, SnapshotReader snapshots)
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
            var viewport = await ViewportAsync(r, ct);
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

    private async Task<(int Width, int Height)?> ViewportAsync(RecordingRow recording, CancellationToken ct)
    {
        // The meta event opens each page load, so the first source holds it: a cold segment once archived, else the
        // hot chunks. The read stops at the first meta event.
        var sources = await snapshots.ListSnapshotSourcesAsync(recording.EnvironmentId, recording.SessionId, ct);
        if (sources is not { Count: > 0 }) return null;
        var sink = new ViewportSink();
        try
        {
            await snapshots.WriteSnapshotSourceAsync(recording.EnvironmentId, recording.SessionId, sources[0].Source, sources[0].BlobKey, sink, SnapshotEncoding.Lines, ct);
        }
        catch (ViewportSink.Found)
        {
            // The sink stopped the read: the size is known.
        }
        return sink.Viewport;
    }

    private async Task<string?> ReferrerAsync(long recordingId, CancellationToken ct)
    {
        var json = await db.BehaviorEvents.AsNoTracking().Where(e => e.RecordingId == recordingId && e.Type == "pageview")
            .OrderBy(e => e.TimestampMs).ThenBy(e => e.Id).Select(e => e.PropertiesJson).FirstOrDefaultAsync(ct);
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("referrer", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } s ? s : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // Stored before ingestion checked depth and text: no referrer rather than no answer.
        }
    }
}
