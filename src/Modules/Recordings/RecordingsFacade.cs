using Modules.Recordings.Data;

namespace Modules.Recordings;

internal sealed class RecordingsFacade(RecordingsDbContext db) : IRecordingsModule
{
    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);
}
