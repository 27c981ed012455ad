using Modules.Recordings;
using Modules.Recordings.Contracts;
using Modules.Sharing.Contracts;
using Modules.Sharing.Data;
using Modules.Sharing.Links;

namespace Modules.Sharing;

/// <summary>The share page reads a recording only through here: the token decides which one, Recordings supplies it.</summary>
internal sealed class SharingFacade(ShareLinks links, SharingDbContext db, IRecordingsModule recordings) : ISharingModule
{
    public Task<SharingConfiguration> GetAsync(int environmentId, string recordingId, CancellationToken ct) =>
        links.GetAsync(environmentId, recordingId, ct);
    public Task<SharingConfiguration> SetEnabledAsync(int environmentId, string recordingId, bool enabled, DateTimeOffset? expiresAt, CancellationToken ct) =>
        links.SetEnabledAsync(environmentId, recordingId, enabled, expiresAt, ct);
    public Task<SharingConfiguration> RotateAsync(int environmentId, string recordingId, CancellationToken ct) =>
        links.RotateAsync(environmentId, recordingId, ct);

    // Retention deletes recordings without telling us (Recordings cannot call Sharing), so a link can outlive its
    // recording: such a link is as dead as a disabled one, and is removed the first time anyone opens it.
    public async Task<SharedRecording?> ResolveAsync(string token, CancellationToken ct)
    {
        if (await links.ResolveAsync(token, ct) is not { } shared) return null;
        if (await recordings.GetRecordingAsync(shared.EnvironmentId, shared.RecordingId, viewerAdminId: null, ct) is not null) return shared;
        await links.RemoveAsync(shared.EnvironmentId, shared.RecordingId, ct);
        return null;
    }

    public async Task<IReadOnlyList<SnapshotSource>?> ListSharedSourcesAsync(string token, CancellationToken ct) =>
        await links.ResolveAsync(token, ct) is { } shared
            ? await recordings.ListSnapshotSourcesAsync(shared.EnvironmentId, shared.RecordingId, ct)
            : null;

    public async Task<SnapshotReadResult?> WriteSharedSourceAsync(string token, string source, string? blobKey, Stream destination, bool gzip, CancellationToken ct) =>
        await links.ResolveAsync(token, ct) is { } shared
            ? await recordings.WriteSnapshotSourceAsync(shared.EnvironmentId, shared.RecordingId, source, blobKey, destination, gzip, ct)
            : null;

    public Task RemoveAsync(int environmentId, string recordingId, CancellationToken ct) => links.RemoveAsync(environmentId, recordingId, ct);
    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);
}
