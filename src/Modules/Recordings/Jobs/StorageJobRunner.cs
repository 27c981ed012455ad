using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Jobs;

/// <summary>
/// Runs a storage job by id — for Hangfire's recurring jobs and for <c>jobs run</c> alike — and records the run and its
/// outcome in the module's database, where the operator view finds it after any restart; also the Storage page's
/// overview and the cold half of a backup (the module's <see cref="IRecordingStorage"/> role).
/// </summary>
internal sealed class StorageJobRunner(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StorageJobRunner> log, Telemetry.RecordingsMetrics metrics)
    : IRecordingStorage
{
    public async Task<StorageOverview> GetStorageOverviewAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Storage.StorageOverviewQuery>().GetAsync(ct);
    }

    public async Task<ColdBackup> BackupColdFilesAsync(string targetDirectory, Func<CancellationToken, Task> copyDatabases, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Storage.ColdBackupCopier>().CopyAsync(targetDirectory, copyDatabases, ct);
    }

    public async Task<StorageJobRun> RunStorageJobAsync(string jobId, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        Dictionary<string, long> counts = [];
        string? error = null;
        await using (var scope = scopes.CreateAsyncScope())
        {
            try
            {
                counts = jobId switch
                {
                    StorageJobIds.ArchiveSnapshots => await scope.ServiceProvider.GetRequiredService<ArchiveSnapshotsJob>().RunAsync(ct),
                    StorageJobIds.Retention => await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(ct),
                    _ => throw new ArgumentException($"Unknown job '{jobId}'. Known: {string.Join(", ", StorageJobIds.All)}.", nameof(jobId)),
                };
            }
            catch (Exception e) when (e is not ArgumentException && e is not OperationCanceledException)
            {
                // Work committed before the failure stays; the next run continues from the database.
                log.LogError(e, "Storage job {Job} failed", jobId);
                error = e.Message;
            }
        }
        var run = new StorageJobRun(jobId, started, clock.GetUtcNow(), error is null ? "succeeded" : "failed", counts, error);
        await RecordAsync(run, ct);
        metrics.JobRun(run);
        return run;
    }

    private async Task RecordAsync(StorageJobRun run, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
            db.StorageJobRuns.Add(new StorageJobRunRow
            {
                JobId = run.JobId, StartedAtMs = run.StartedAt.ToUnixTimeMilliseconds(), FinishedAtMs = run.FinishedAt.ToUnixTimeMilliseconds(),
                Outcome = run.Outcome, CountsJson = JsonSerializer.Serialize(run.Counts), Error = run.Error is { Length: > 4000 } e ? e[..4000] : run.Error,
            });
            await db.SaveChangesAsync(ct);
            // Keep the last 100 runs of each job: enough history for the operator, bounded table.
            var keepFrom = await db.StorageJobRuns.Where(r => r.JobId == run.JobId).OrderByDescending(r => r.Id).Skip(100).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
            if (keepFrom is { } id) await db.StorageJobRuns.Where(r => r.JobId == run.JobId && r.Id <= id).ExecuteDeleteAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A full disk can refuse the record too; the run's outcome is still returned and logged.
            log.LogWarning(e, "Recording the run of {Job} failed", run.JobId);
        }
    }

    public static StorageJobRun FromRow(StorageJobRunRow row) => new(
        row.JobId, DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(row.FinishedAtMs),
        row.Outcome, JsonSerializer.Deserialize<Dictionary<string, long>>(row.CountsJson) ?? [], row.Error);
}
