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
        var due = await DueRecordingsAsync(now, ct);
        var plan = await ArchivePlan.BuildAsync(db.Database.GetDbConnection(), due, settings, ct);
        var writer = new ColdSegmentWriter(settings.ColdDirectory, crash);
        await using var hot = new HotChunkReader(db.Database.GetDbConnection());
        var buffer = new SegmentBuffer();
        // A group of segments shares its durability points (one flush of all files, one of all directories, one
        // commit), which is what makes a run cheap; the group bounds what a crash throws away.
        foreach (var group in plan.Chunk(settings.SegmentsPerCommit))
        {
            var segments = await writer.WriteAsync(group, hot.ReadAsync, buffer, now, ct);
            try
            {
                await ColdIndexCommit.CommitAsync(db, segments, ct);
            }
            catch
            {
                writer.Discard(segments);
                throw;
            }
            crash.Reached("committed");
            counts["segments_written"] += segments.Count;
            counts["chunks_moved"] += segments.Sum(s => s.ChunkCount);
            counts["bytes_moved"] += segments.Sum(s => s.ByteLength);
        }
        return counts;
    }

    /// <summary>Recordings idle for the configured time, or holding too many hot bytes, by id.</summary>
    public async Task<List<long>> DueRecordingsAsync(long nowMs, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var due = PreparedSql.Prepare(db.Database.GetDbConnection(), null, DueSql, "@idle", "@bytes");
        await using var reader = await due.With(nowMs - settings.ColdAfterSeconds * 1000L, settings.HotBytesPerRecording).ExecuteReaderAsync(ct);
        var ids = new List<long>();
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    // Grouped in the order of the (RecordingId, FirstTimestampMs) index: grouping after the join instead made SQLite
    // copy every chunk's bytes into a temporary B-tree only to take their length.
    private const string DueSql = """
        SELECT g."RecordingId"
        FROM (SELECT "RecordingId", MAX("LastTimestampMs") AS "Last", SUM(length("GzipData")) AS "Bytes" FROM "snapshot_chunks" GROUP BY "RecordingId") g
        JOIN "recordings" r ON r."Id" = g."RecordingId"
        WHERE (g."Last" < @idle AND r."EndTimeMs" < @idle) OR g."Bytes" >= @bytes
        ORDER BY g."RecordingId"
        """;
}
