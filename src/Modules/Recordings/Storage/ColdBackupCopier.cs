using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Storage;

/// <summary>
/// The cold half of an online backup. Under the storage lock no segment is added or removed, so the databases copied
/// by the host's callback and the files copied here describe the same moment. Segment files never change once
/// indexed, so copying them while ingestion goes on is safe.
/// </summary>
internal sealed class ColdBackupCopier(RecordingsDbContext db, StorageLock storageLock, IOptions<StorageOptions> options)
{
    public async Task<ColdBackup> CopyAsync(string targetDirectory, Func<CancellationToken, Task> copyDatabases, CancellationToken ct)
    {
        using var _ = await storageLock.AcquireAsync(ct);
        await copyDatabases(ct);
        var segments = await db.ColdSegments.AsNoTracking().Select(s => s.RelativePath).ToListAsync(ct);
        long bytes = 0;
        foreach (var relative in segments)
        {
            var target = Path.Combine(targetDirectory, "cold", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(options.Value.ColdDirectory, relative), target);
            bytes += new FileInfo(target).Length;
        }
        return new ColdBackup(segments.Count, bytes);
    }
}
