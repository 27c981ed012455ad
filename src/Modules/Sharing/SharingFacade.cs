using Modules.Sharing.Data;

namespace Modules.Sharing;

internal sealed class SharingFacade(SharingDbContext db) : ISharingModule
{
    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);
}
