using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Modules.Recordings.Contracts;
using Modules.Recordings.Jobs;
using Modules.Recordings.Snapshots;
using Modules.Recordings.Storage;

namespace Modules.Recordings;

/// <summary>The storage lifecycle's half of the facade: snapshot sources, persist, delete, jobs, backup.</summary>
internal sealed partial class RecordingsFacade
{
    public Task<IReadOnlyList<SnapshotSource>?> ListSnapshotSourcesAsync(int environmentId, string sessionId, CancellationToken ct) =>
        storage.Reader.ListSourcesAsync(environmentId, sessionId, ct);

    public Task<SnapshotReadResult> WriteSnapshotSourceAsync(
        int environmentId, string sessionId, string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct) =>
        storage.Reader.WriteAsync(environmentId, sessionId, source, blobKey, destination, encoding, ct);

    public Task<bool> PersistRecordingAsync(int environmentId, string sessionId, CancellationToken ct) =>
        insights.Catalog.PersistAsync(environmentId, sessionId, ct);

    public async Task<bool> DeleteRecordingAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var id = await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (id is null) return false;
        return (await storage.Removal.DeleteAsync([id.Value], ct)).Recordings > 0;
    }

    public Task<StorageJobRun> RunStorageJobAsync(string jobId, CancellationToken ct) => storage.Jobs.RunAsync(jobId, ct);

    public Task<StorageOverview> GetStorageOverviewAsync(CancellationToken ct) => storage.Overview.GetAsync(ct);

    public Task<ColdBackup> BackupColdFilesAsync(string targetDirectory, Func<CancellationToken, Task> copyDatabases, CancellationToken ct) =>
        storage.Backup.CopyAsync(targetDirectory, copyDatabases, ct);
}

/// <summary>The storage services the facade hands work to, resolved lazily so ingestion requests do not build them.</summary>
internal sealed class StorageServices(IServiceProvider services)
{
    public SnapshotReader Reader => services.GetRequiredService<SnapshotReader>();
    public RecordingRemoval Removal => services.GetRequiredService<RecordingRemoval>();
    public StorageJobRunner Jobs => services.GetRequiredService<StorageJobRunner>();
    public StorageOverviewQuery Overview => services.GetRequiredService<StorageOverviewQuery>();
    public ColdBackupCopier Backup => services.GetRequiredService<ColdBackupCopier>();
}
