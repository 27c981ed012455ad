using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Jobs;

namespace Modules.Recordings.Storage;

/// <summary>The operator view's numbers: hot and cold bytes per environment, chunks due to move, the last job runs.</summary>
internal sealed class StorageOverviewQuery(RecordingsDbContext db, ArchiveSnapshotsJob archive, TimeProvider clock)
{
    public async Task<StorageOverview> GetAsync(CancellationToken ct)
    {
        var recordings = await db.Recordings.AsNoTracking().GroupBy(r => r.EnvironmentId)
            .Select(g => new { EnvironmentId = g.Key, Count = (long)g.Count() }).ToListAsync(ct);
        var hot = await db.SnapshotChunks.AsNoTracking()
            .Join(db.Recordings, c => c.RecordingId, r => r.Id, (c, r) => new { r.EnvironmentId, Bytes = (long)c.GzipData.Length })
            .GroupBy(x => x.EnvironmentId)
            .Select(g => new { EnvironmentId = g.Key, Chunks = (long)g.Count(), Bytes = g.Sum(x => x.Bytes) }).ToListAsync(ct);
        var cold = await db.ColdSegments.AsNoTracking()
            .Join(db.Recordings, s => s.RecordingId, r => r.Id, (s, r) => new { r.EnvironmentId, s.ByteLength })
            .GroupBy(x => x.EnvironmentId)
            .Select(g => new { EnvironmentId = g.Key, Segments = (long)g.Count(), Bytes = g.Sum(x => x.ByteLength) }).ToListAsync(ct);
        var due = await archive.DueRecordingsAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        var waiting = await db.SnapshotChunks.AsNoTracking().Where(c => due.Contains(c.RecordingId))
            .Join(db.Recordings, c => c.RecordingId, r => r.Id, (c, r) => r.EnvironmentId)
            .GroupBy(e => e).Select(g => new { EnvironmentId = g.Key, Chunks = (long)g.Count() }).ToListAsync(ct);

        var environments = recordings.Select(r => r.EnvironmentId).Order().Select(id => new EnvironmentStorage(
            id,
            recordings.First(r => r.EnvironmentId == id).Count,
            hot.FirstOrDefault(h => h.EnvironmentId == id)?.Chunks ?? 0,
            hot.FirstOrDefault(h => h.EnvironmentId == id)?.Bytes ?? 0,
            cold.FirstOrDefault(c => c.EnvironmentId == id)?.Segments ?? 0,
            cold.FirstOrDefault(c => c.EnvironmentId == id)?.Bytes ?? 0,
            waiting.FirstOrDefault(w => w.EnvironmentId == id)?.Chunks ?? 0)).ToList();

        var lastRuns = new List<StorageJobRun>();
        foreach (var jobId in StorageJobIds.All)
        {
            var row = await db.StorageJobRuns.AsNoTracking().Where(r => r.JobId == jobId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            if (row is not null) lastRuns.Add(StorageJobRunner.FromRow(row));
        }
        return new StorageOverview(environments, environments.Sum(e => e.ChunksWaiting), lastRuns);
    }
}
