using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Events;
using Modules.Recordings.Ingestion;

namespace Modules.Recordings;

internal sealed class RecordingsFacade(RecordingsDbContext db, IngestionService ingestion, SessionEventsReader events) : IRecordingsModule
{
    public Task<IngestionOutcome> BeginSessionAsync(IngestionRequest request, CancellationToken ct) =>
        Answer(() => ingestion.BeginSessionAsync(request, ct));

    public Task<IngestionOutcome> StartPlaybackAsync(IngestionRequest request, CancellationToken ct) =>
        Answer(() => ingestion.StartPlaybackAsync(request, ct));

    public Task<IngestionOutcome> IngestBatchAsync(IngestionRequest request, CancellationToken ct) =>
        Answer(() => ingestion.IngestBatchAsync(request, ct));

    public Task<long> ReadAndDiscardAsync(IngestionRequest request, CancellationToken ct) => ingestion.ReadAndDiscardAsync(request, ct);

    public Task<BehaviorEventsPage?> ListBehaviorEventsAsync(int environmentId, string sessionId, int limit, int offset, CancellationToken ct) =>
        events.ListAsync(environmentId, sessionId, limit, offset, ct);

    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);

    private static async Task<IngestionOutcome> Answer<T>(Func<Task<T>> work) where T : notnull
    {
        try
        {
            return new IngestionOutcome(200, await work(), null, CorsAllowed: true);
        }
        catch (IngestionRejected e)
        {
            return new IngestionOutcome(e.Status, null, e.Error, CorsAllowed: e.Error.Code != "foreign_origin", e.RetryAfterSeconds);
        }
    }
}
