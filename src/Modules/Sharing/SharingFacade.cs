using Modules.Recordings;
using Modules.Recordings.Contracts;
using Modules.Sharing.Contracts;
using Modules.Sharing.Links;

namespace Modules.Sharing;

/// <summary>The share page reads a recording only through here: the token decides which one, Recordings supplies it.</summary>
internal sealed class SharingFacade(ShareLinks links, IRecordingCatalog catalog, IRecordingSnapshots snapshots) : ISharingModule
{
    // A link goes with its recording: Recordings tells LinkRemoval before it deletes one, whichever way it goes.
    public Task<SharingConfiguration> GetAsync(int environmentId, string recordingId, CancellationToken ct) =>
        links.GetAsync(environmentId, recordingId, ct);

    public Task<SharingConfiguration> SetEnabledAsync(int environmentId, string recordingId, bool enabled, DateTimeOffset? expiresAt, CancellationToken ct) =>
        links.SetEnabledAsync(environmentId, recordingId, enabled, expiresAt, ct);

    public Task<SharingConfiguration> SetExpiryAsync(int environmentId, string recordingId, DateTimeOffset? expiresAt, CancellationToken ct) =>
        links.SetExpiryAsync(environmentId, recordingId, expiresAt, ct);

    public Task<SharingConfiguration> RotateAsync(int environmentId, string recordingId, CancellationToken ct) =>
        links.RotateAsync(environmentId, recordingId, ct);

    public async Task<SharedRecording?> ResolveAsync(string token, CancellationToken ct)
    {
        if (await links.ResolveAsync(token, ct) is not { } link) return null;
        // Links made before removals were told (they carry the creation time of their recording) are checked against
        // the recording once more: retention used to delete without telling, and a later recording could even take the
        // client-chosen session id. Links made since carry none and need no check.
        if (link.RecordingCreatedAtMs is { } createdAtMs
            && (await catalog.GetRecordingAsync(link.EnvironmentId, link.RecordingId, viewerAdminId: null, ct))?.CreatedAtMs != createdAtMs)
        {
            await links.RemoveAsync([new(link.EnvironmentId, link.RecordingId)], ct);
            return null;
        }
        return new SharedRecording(link.EnvironmentId, link.RecordingId);
    }

    public async Task<IReadOnlyList<SnapshotSource>?> ListSharedSourcesAsync(string token, CancellationToken ct) =>
        await ResolveAsync(token, ct) is { } shared
            ? await snapshots.ListSnapshotSourcesAsync(shared.EnvironmentId, shared.RecordingId, ct)
            : null;

    public async Task<SnapshotReadResult?> WriteSharedSourceAsync(string token, string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct) =>
        await ResolveAsync(token, ct) is { } shared
            ? await snapshots.WriteSnapshotSourceAsync(shared.EnvironmentId, shared.RecordingId, source, blobKey, destination, encoding, ct)
            : null;

}
