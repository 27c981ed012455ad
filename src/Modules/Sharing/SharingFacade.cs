using Modules.Sharing.Contracts;
using Modules.Sharing.Data;
using Modules.Sharing.Links;

namespace Modules.Sharing;

internal sealed class SharingFacade(ShareLinks links, SharingDbContext db) : ISharingModule
{
    public Task<SharingConfiguration> GetAsync(int environmentId, string recordingId, CancellationToken ct) =>
        links.GetAsync(environmentId, recordingId, ct);
    public Task<SharingConfiguration> SetEnabledAsync(int environmentId, string recordingId, bool enabled, DateTimeOffset? expiresAt, CancellationToken ct) =>
        links.SetEnabledAsync(environmentId, recordingId, enabled, expiresAt, ct);
    public Task<SharingConfiguration> RotateAsync(int environmentId, string recordingId, CancellationToken ct) =>
        links.RotateAsync(environmentId, recordingId, ct);
    public Task<SharedRecording?> ResolveAsync(string token, CancellationToken ct) => links.ResolveAsync(token, ct);
    public Task RemoveAsync(int environmentId, string recordingId, CancellationToken ct) => links.RemoveAsync(environmentId, recordingId, ct);
    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);
}
