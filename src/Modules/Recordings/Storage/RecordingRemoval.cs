using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Queries;
using Modules.Recordings.Snapshots;

namespace Modules.Recordings.Storage;

/// <summary>
/// Deletes recordings with everything they own, every kind of removal (API, dashboard, bulk, retention) through here:
/// first the <see cref="IRecordingRemovalListener"/>s forget them, then one transaction removes the metadata, behaviour events, the events read from rrweb data, hot chunks,
/// cold index, the admins' views and the batch keys; the segment files go right after the commit. A crash between the
/// two leaves only files the index no longer knows, which the next sweep removes, so nothing of the recording stays readable.
/// </summary>
internal sealed class RecordingRemoval(
    RecordingsDbContext db, StorageLock storageLock, CrashPoints crash, RecordingCountCache counts, OneMemberCache oneMembers,
    IOptions<StorageOptions> options, IEnumerable<IRecordingRemovalListener> listeners)
{
    private readonly string coldDirectory = options.Value.ColdDirectory;

    /// <summary>Returns how many recordings and segment files were removed.</summary>
    public async Task<(int Recordings, int Files, long Bytes)> DeleteAsync(IReadOnlyCollection<long> recordingIds, CancellationToken ct)
    {
        if (recordingIds.Count == 0) return (0, 0, 0);
        using var _ = await storageLock.AcquireAsync(ct);
        var segments = await db.ColdSegments.AsNoTracking().Where(s => recordingIds.Contains(s.RecordingId))
            .Select(s => new { s.RelativePath, s.ByteLength }).ToListAsync(ct);
        var keys = await db.Recordings.AsNoTracking().Where(r => recordingIds.Contains(r.Id))
            .Select(r => new { r.EnvironmentId, r.SessionId }).ToListAsync(ct);
        // The modules that keep something about these recordings forget it first, so it never outlives them.
        var removing = keys.Select(k => new RecordingKey(k.EnvironmentId, k.SessionId)).ToList();
        foreach (var listener in listeners) await listener.RecordingsRemovingAsync(removing, ct);
        int deleted;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var key in keys)
                await db.IngestedBatches.Where(b => b.EnvironmentId == key.EnvironmentId && b.SessionId == key.SessionId).ExecuteDeleteAsync(ct);
            // Behaviour events, hot chunks, cold index rows and views go with the recording (ON DELETE CASCADE); explicit
            // deletes keep that true on a provider where cascades are configured differently.
            await db.BehaviorEvents.Where(e => recordingIds.Contains(e.RecordingId)).ExecuteDeleteAsync(ct);
            await db.ReplayEvents.Where(e => recordingIds.Contains(e.RecordingId)).ExecuteDeleteAsync(ct);
            await db.SnapshotChunks.Where(c => recordingIds.Contains(c.RecordingId)).ExecuteDeleteAsync(ct);
            await db.ColdSegments.Where(s => recordingIds.Contains(s.RecordingId)).ExecuteDeleteAsync(ct);
            await db.RecordingViews.Where(v => recordingIds.Contains(v.RecordingId)).ExecuteDeleteAsync(ct);
            await db.RecordingAnalyses.Where(a => recordingIds.Contains(a.RecordingId)).ExecuteDeleteAsync(ct);
            deleted = await db.Recordings.Where(r => recordingIds.Contains(r.Id)).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        }
        // Deleted by hand or by retention, the recordings leave every cached list total of their environments.
        foreach (var environmentId in keys.Select(k => k.EnvironmentId).Distinct()) counts.Forget(environmentId);
        oneMembers.Remove(recordingIds);
        crash.Reached("recordings deleted from the database");
        foreach (var segment in segments)
        {
            var path = Path.Combine(coldDirectory, segment.RelativePath);
            File.Delete(path);
            crash.Reached("segment file deleted");
            var directory = Path.GetDirectoryName(path)!;
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        }
        return (deleted, segments.Count, segments.Sum(s => s.ByteLength));
    }
}
