using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Snapshots;

/// <summary>
/// What one read names, in the order it is sent: cold segments (in the order they were written), then perhaps the hot
/// part. Every entry of a list is one of these, and a <c>blob_v2</c> range is several.
/// </summary>
internal sealed record SnapshotParts(IReadOnlyList<ColdSegmentRow> Segments, bool Hot)
{
    /// <summary>The parts for a source and key as a client sends them; a message when they name nothing.</summary>
    public static async Task<(SnapshotParts? Parts, string? Problem)> ResolveAsync(
        RecordingsDbContext db, long recordingId, string source, string? blobKey, CancellationToken ct)
    {
        switch (source)
        {
            case SnapshotSource.Realtime:
                return (new SnapshotParts([], true), null);
            case SnapshotSource.Blob when blobKey is { Length: > 0 }:
                var segment = await db.ColdSegments.AsNoTracking().FirstOrDefaultAsync(s => s.RecordingId == recordingId && s.BlobKey == blobKey, ct);
                return segment is null ? (null, $"The recording has no blob '{blobKey}'.") : (new SnapshotParts([segment], false), null);
            case SnapshotSource.BlobV2 or SnapshotSource.BlobV2Lts when ParseRange(blobKey) is var (start, end):
                return Select(await SegmentsAsync(db, recordingId, ct), start, end);
            default:
                return (null, $"Source '{source}' with key '{blobKey}' names nothing: list the sources first.");
        }
    }

    /// <summary>Every segment of the recording, in the order written (their numbers in the list).</summary>
    public static Task<List<ColdSegmentRow>> SegmentsAsync(RecordingsDbContext db, long recordingId, CancellationToken ct) =>
        db.ColdSegments.AsNoTracking().Where(s => s.RecordingId == recordingId).OrderBy(s => s.Id).ToListAsync(ct);

    /// <summary>"k" or "start..end", whole numbers, start ≤ end.</summary>
    public static (long Start, long End)? ParseRange(string? key)
    {
        if (key is null) return null;
        var dots = key.IndexOf("..", StringComparison.Ordinal);
        var (first, last) = dots < 0 ? (key, key) : (key[..dots], key[(dots + 2)..]);
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var end) || start > end) return null;
        return (start, end);
    }

    private static (SnapshotParts? Parts, string? Problem) Select(List<ColdSegmentRow> segments, long start, long end)
    {
        if (end < SnapshotSource.HotKeyBase)
            return end < segments.Count
                ? (new SnapshotParts(segments[(int)start..((int)end + 1)], false), null)
                : (null, $"The recording has no blob {end}: list the sources again.");
        // The hot part's number says how many segments its list named; those written since hold what was hot then.
        var listed = end - SnapshotSource.HotKeyBase;
        if (listed > segments.Count) return (null, $"The recording has no blob {end}: list the sources again.");
        var from = start >= SnapshotSource.HotKeyBase ? (start == end ? listed : -1) : start;
        if (from < 0 || from > listed) return (null, $"The range {start}..{end} is not one the list of sources gives.");
        return (new SnapshotParts(segments[(int)from..], true), null);
    }
}
