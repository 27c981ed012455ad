using Modules.Recordings;
using Modules.Recordings.Contracts;
using Modules.Sharing.Contracts;
using Modules.Sharing.Data;
using Modules.Sharing.Links;

namespace Modules.Sharing;

/// <summary>The share page reads a recording only through here: the token decides which one, Recordings supplies it.</summary>
internal sealed class SharingFacade(ShareLinks links, SharingDbContext db, IRecordingsModule recordings) : ISharingModule
{
    // Each way in first drops a link left by an earlier recording under the same session id (see ResolveAsync).
    public async Task<SharingConfiguration> GetAsync(int environmentId, string recordingId, CancellationToken ct)
    {
        await RemoveStaleAsync(environmentId, recordingId, ct);
        return await links.GetAsync(environmentId, recordingId, ct);
    }

    public async Task<SharingConfiguration> SetEnabledAsync(int environmentId, string recordingId, bool enabled, DateTimeOffset? expiresAt, CancellationToken ct) =>
        await links.SetEnabledAsync(environmentId, recordingId, await RemoveStaleAsync(environmentId, recordingId, ct), enabled, expiresAt, ct);

    public async Task<SharingConfiguration> SetExpiryAsync(int environmentId, string recordingId, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        await RemoveStaleAsync(environmentId, recordingId, ct);
        return await links.SetExpiryAsync(environmentId, recordingId, expiresAt, ct);
    }

    public async Task<SharingConfiguration> RotateAsync(int environmentId, string recordingId, CancellationToken ct)
    {
        await RemoveStaleAsync(environmentId, recordingId, ct);
        return await links.RotateAsync(environmentId, recordingId, ct);
    }

    /// <summary>Returns the recording's creation time, having removed a link made for another one.</summary>
    private async Task<long?> RemoveStaleAsync(int environmentId, string recordingId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(recordingId) || recordingId.Length > 128) return null; // ShareLinks answers the bad input.
        var createdAtMs = (await recordings.GetRecordingAsync(environmentId, recordingId, viewerAdminId: null, ct))?.CreatedAtMs;
        await links.RemoveStaleAsync(environmentId, recordingId, createdAtMs, ct);
        return createdAtMs;
    }

    // Retention deletes recordings without telling us (Recordings cannot call Sharing), so a link can outlive its
    // recording, and a later recording can even take its (client-chosen) session id. A link whose recording is gone,
    // or is not the one it was made for, is as dead as a disabled one, and is removed the first time anyone opens it.
    public async Task<SharedRecording?> ResolveAsync(string token, CancellationToken ct)
    {
        if (await links.ResolveAsync(token, ct) is not { } link) return null;
        var recording = await recordings.GetRecordingAsync(link.EnvironmentId, link.RecordingId, viewerAdminId: null, ct);
        if (recording is not null && (link.RecordingCreatedAtMs is null || link.RecordingCreatedAtMs == recording.CreatedAtMs))
            return new SharedRecording(link.EnvironmentId, link.RecordingId);
        await links.RemoveAsync(link.EnvironmentId, link.RecordingId, ct);
        return null;
    }

    public async Task<IReadOnlyList<SnapshotSource>?> ListSharedSourcesAsync(string token, CancellationToken ct) =>
        await ResolveAsync(token, ct) is { } shared
            ? await recordings.ListSnapshotSourcesAsync(shared.EnvironmentId, shared.RecordingId, ct)
            : null;

    public async Task<SnapshotReadResult?> WriteSharedSourceAsync(string token, string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct) =>
        await ResolveAsync(token, ct) is { } shared
            ? await recordings.WriteSnapshotSourceAsync(shared.EnvironmentId, shared.RecordingId, source, blobKey, destination, encoding, ct)
            : null;

    public Task RemoveAsync(int environmentId, string recordingId, CancellationToken ct) => links.RemoveAsync(environmentId, recordingId, ct);
    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);
}
