using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Modules.Recordings.Data;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Jobs;

/// <summary>
/// Moves hot chunks to cold segment files. All of its work comes from the database (which recordings are idle or
/// large), never from Hangfire's queue, so it can be re-run at any time and after any crash.
/// </summary>
internal sealed class ArchiveSnapshotsJob(
    RecordingsDbContext db, StorageLock storageLock, ColdSweep sweep, SweepSchedule schedule, CrashPoints crash,
    IOptions<StorageOptions> options, TimeProvider clock)
{
    private readonly StorageOptions settings = options.Value;

    public async Task<Dictionary<string, long>> RunAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, long> { ["segments_written"] = 0, ["chunks_moved"] = 0, ["bytes_moved"] = 0, ["stray_files_removed"] = 0 };
        using var _ = await storageLock.AcquireAsync(ct);
        // The first run in each process sweeps (a crash is always followed by a start), then once an hour.
        if (schedule.Due())
            counts["stray_files_removed"] = await sweep.RunAsync(settings.ColdDirectory, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var recordingId in await DueRecordingsAsync(now, ct))
        {
            if (counts["segments_written"] >= settings.SegmentsPerRun) break;
            await MoveRecordingAsync(recordingId, now, counts, ct);
        }
        return counts;
    }

    /// <summary>Recordings idle for the configured time, or holding too many hot bytes.</summary>
    public async Task<List<long>> DueRecordingsAsync(long nowMs, CancellationToken ct)
    {
        var idleBefore = nowMs - settings.ColdAfterSeconds * 1000L;
        return await db.SnapshotChunks.AsNoTracking()
            .GroupBy(c => c.RecordingId)
            .Select(g => new { RecordingId = g.Key, Last = g.Max(c => c.LastTimestampMs), Bytes = g.Sum(c => (long)c.GzipData.Length) })
            .Join(db.Recordings, g => g.RecordingId, r => r.Id, (g, r) => new { g.RecordingId, g.Last, g.Bytes, r.EndTimeMs })
            .Where(x => (x.Last < idleBefore && x.EndTimeMs < idleBefore) || x.Bytes >= settings.HotBytesPerRecording)
            .OrderBy(x => x.RecordingId)
            .Select(x => x.RecordingId)
            .ToListAsync(ct);
    }

    private async Task MoveRecordingAsync(long recordingId, long nowMs, Dictionary<string, long> counts, CancellationToken ct)
    {
        var recording = await db.Recordings.AsNoTracking().FirstAsync(r => r.Id == recordingId, ct);
        var writer = new ColdSegmentWriter(settings.ColdDirectory, crash);
        // Only ids and sizes first, so a large recording is moved one segment's worth of chunks at a time.
        var chunks = await db.SnapshotChunks.AsNoTracking().Where(c => c.RecordingId == recordingId)
            .OrderBy(c => c.FirstTimestampMs).ThenBy(c => c.Id)
            .Select(c => new { c.Id, Length = (long)c.GzipData.Length })
            .ToListAsync(ct);
        var group = new List<long>();
        long bytes = 0;
        foreach (var chunk in chunks)
        {
            if (group.Count > 0 && bytes + chunk.Length > settings.SegmentBytes)
            {
                if (counts["segments_written"] >= settings.SegmentsPerRun) return;
                await MoveSegmentAsync(recording, group, writer, nowMs, counts, ct);
                (group, bytes) = ([], 0);
            }
            group.Add(chunk.Id);
            bytes += chunk.Length;
        }
        if (group.Count > 0) await MoveSegmentAsync(recording, group, writer, nowMs, counts, ct);
    }

    private async Task MoveSegmentAsync(
        RecordingRow recording, List<long> ids, ColdSegmentWriter writer, long nowMs, Dictionary<string, long> counts, CancellationToken ct)
    {
        var chunks = await db.SnapshotChunks.AsNoTracking().Where(c => ids.Contains(c.Id))
            .OrderBy(c => c.FirstTimestampMs).ThenBy(c => c.Id).ToListAsync(ct);
        var segment = writer.Write(recording, chunks, nowMs);
        var path = Path.Combine(settings.ColdDirectory, segment.RelativePath);
        try
        {
            // The commit point: the index row appears and the hot rows disappear together, or neither does.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var deleted = await db.SnapshotChunks.Where(c => ids.Contains(c.Id) && c.RecordingId == recording.Id).ExecuteDeleteAsync(ct);
            if (deleted != ids.Count) throw new InvalidOperationException($"Expected {ids.Count} hot chunks of recording {recording.Id}, found {deleted}.");
            db.ColdSegments.Add(segment);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            db.ChangeTracker.Clear();
            File.Delete(path);
            throw;
        }
        db.ChangeTracker.Clear();
        crash.Reached("committed");
        counts["segments_written"]++;
        counts["chunks_moved"] += chunks.Count;
        counts["bytes_moved"] += segment.ByteLength;
    }
}
