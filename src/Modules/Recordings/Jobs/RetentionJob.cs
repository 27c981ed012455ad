using Microsoft.EntityFrameworkCore;
using Modules.Environments;
using Modules.Recordings.Data;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Jobs;

/// <summary>
/// Deletes recordings older than their environment's retention (last activity and creation both before the cut-off),
/// unless persisted. The retention days come from the Environments module's contract, never its tables.
/// </summary>
internal sealed class RetentionJob(RecordingsDbContext db, IEnvironmentCatalog environmentCatalog, RecordingRemoval removal, TimeProvider clock)
{
    private const int RecordingsPerStep = 200;

    public async Task<Dictionary<string, long>> RunAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, long> { ["recordings_deleted"] = 0, ["files_deleted"] = 0, ["cold_bytes_deleted"] = 0 };
        var now = clock.GetUtcNow();
        foreach (var environment in await environmentCatalog.ListEnvironmentsAsync(ct))
        {
            var cutoff = now.AddDays(-environment.Settings.RetentionDays).ToUnixTimeMilliseconds();
            while (true)
            {
                var due = await db.Recordings.AsNoTracking()
                    .Where(r => r.EnvironmentId == environment.Id && !r.Persisted && r.EndTimeMs < cutoff && r.CreatedAtMs < cutoff)
                    .OrderBy(r => r.Id).Select(r => r.Id).Take(RecordingsPerStep).ToListAsync(ct);
                if (due.Count == 0) break;
                var (recordings, files, bytes) = await removal.DeleteAsync(due, ct);
                counts["recordings_deleted"] += recordings;
                counts["files_deleted"] += files;
                counts["cold_bytes_deleted"] += bytes;
            }
        }
        return counts;
    }
}
