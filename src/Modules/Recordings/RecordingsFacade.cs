using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Events;
using Modules.Recordings.Ingestion;
using Modules.Recordings.Queries;
using Modules.Recordings.Storage;
using Modules.Recordings.Telemetry;

namespace Modules.Recordings;

internal sealed partial class RecordingsFacade(
    RecordingsDbContext db, IngestionService ingestion, SessionEventsReader events, StorageServices storage, RecordingInsights insights,
    Collections.RecordingCollections collections, RecordingsMetrics metrics)
    : IRecordingsModule
{
    public Task<SessionState> BeginSessionAsync(IngestionRequest request, CancellationToken ct) =>
        Refusing(() => ingestion.BeginSessionAsync(request, ct));

    public Task<SessionState> StartPlaybackAsync(IngestionRequest request, CancellationToken ct) =>
        Refusing(() => ingestion.StartPlaybackAsync(request, ct));

    public Task<BatchAcknowledgement> IngestBatchAsync(IngestionRequest request, CancellationToken ct) =>
        Refusing(() => ingestion.IngestBatchAsync(request, ct));

    public Task<long> ReadAndDiscardAsync(IngestionRequest request, CancellationToken ct) => ingestion.ReadAndDiscardAsync(request, ct);

    public Task<BehaviorEventsPage?> ListBehaviorEventsAsync(int environmentId, string sessionId, int limit, int offset, CancellationToken ct) =>
        events.ListAsync(environmentId, sessionId, limit, offset, ct);

    public Task<BehaviorEventsPage?> ListCountedEventsAsync(int environmentId, string sessionId, CancellationToken ct) =>
        events.ListCountedAsync(environmentId, sessionId, ct);

    public Task<RecordingListPage> ListRecordingsAsync(RecordingListQuery query, CancellationToken ct) => insights.Catalog.ListAsync(query, ct);

    public Task<RecordingInfo?> GetRecordingAsync(int environmentId, string sessionId, int? viewerAdminId, CancellationToken ct) =>
        insights.Catalog.GetAsync(environmentId, sessionId, viewerAdminId, ct);

    public Task<bool> MarkViewedAsync(int environmentId, string sessionId, int adminId, CancellationToken ct) =>
        insights.Catalog.MarkViewedAsync(environmentId, sessionId, adminId, ct);

    public Task<bool> MarkAnalyzedAsync(int environmentId, string sessionId, CancellationToken ct) =>
        insights.Catalog.MarkAnalyzedAsync(environmentId, sessionId, ct);

    public Task<bool?> IsAnalyzedAsync(int environmentId, string sessionId, CancellationToken ct) =>
        insights.Catalog.IsAnalyzedAsync(environmentId, sessionId, ct);

    public Task<RecordingSummary?> SummarizeRecordingAsync(int environmentId, string sessionId, CancellationToken ct) =>
        insights.Summarizer.SummarizeAsync(environmentId, sessionId, ct);

    public Task<IReadOnlyList<SimilarRecording>?> FindSimilarRecordingsAsync(
        int environmentId, string sessionId, int limit, int? viewerAdminId, CancellationToken ct) =>
        insights.Similar.FindAsync(environmentId, sessionId, limit, viewerAdminId, ct);

    public Task<IReadOnlyList<ErrorCluster>> ListErrorClustersAsync(int environmentId, long fromMs, long toMs, int limit, CancellationToken ct) =>
        insights.Errors.ListAsync(environmentId, fromMs, toMs, limit, ct);

    public Task<IReadOnlyList<MatchingEvent>?> FindMatchingEventsAsync(int environmentId, string sessionId, EventFilter filter, CancellationToken ct) =>
        insights.Matching.FindAsync(environmentId, sessionId, filter, ct);

    public Task<IReadOnlyList<RecordingProperties>> GetRecordingPropertiesAsync(int environmentId, IReadOnlyList<string> sessionIds, CancellationToken ct) =>
        insights.Properties.ReadAsync(environmentId, sessionIds, ct);

    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);

    /// <summary>Every way a request is refused, as one typed error (the host maps it to its answer), each one counted.</summary>
    private async Task<T> Refusing<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (IngestionRefusedException e)
        {
            metrics.Rejected(e.Code);
            throw;
        }
        catch (Modules.Environments.Contracts.RateLimitedException e)
        {
            // The environment starts playback sessions faster than its rate allows: nothing was reserved or stored;
            // the SDK asks again (a batch is sent again) after the wait.
            throw new IngestionRefusedException(IngestionRefusal.RateLimited, "rate_limited", e.Message) { RetryAfter = TimeSpan.FromSeconds(e.RetryAfterSeconds) };
        }
        catch (Exception e) when (StorageFailure.Is(e))
        {
            // Disk full or an I/O error: nothing was committed, the databases roll back intact, and the next write
            // after space returns succeeds, so the client is told to retry rather than given a 500.
            metrics.Rejected("storage_unavailable");
            throw new IngestionRefusedException(IngestionRefusal.StorageUnavailable, "storage_unavailable",
                "The server cannot store data right now (storage full or failing). Retry after the time in Retry-After.")
            { RetryAfter = TimeSpan.FromSeconds(StorageFailure.RetryAfterSeconds) };
        }
    }
}
