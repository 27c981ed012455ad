using Microsoft.Extensions.DependencyInjection;
using Modules.Recordings.Contracts;
using Modules.Recordings.Errors;
using Modules.Recordings.Events;
using Modules.Recordings.Similarity;
using Modules.Recordings.Summaries;

namespace Modules.Recordings.Queries;

/// <summary>
/// The <see cref="IRecordingInsights"/> role: each question is answered by its own small reader (events, summary,
/// similar sessions, error clusters, matching events, properties), resolved when asked so one question builds one.
/// </summary>
internal sealed class RecordingInsights(IServiceProvider services) : IRecordingInsights
{
    private T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public Task<BehaviorEventsPage?> ListBehaviorEventsAsync(int environmentId, string sessionId, int limit, int offset, CancellationToken ct) =>
        Get<SessionEventsReader>().ListAsync(environmentId, sessionId, limit, offset, ct);

    public Task<BehaviorEventsPage?> ListCountedEventsAsync(int environmentId, string sessionId, CancellationToken ct) =>
        Get<SessionEventsReader>().ListCountedAsync(environmentId, sessionId, ct);

    public Task<RecordingSummary?> SummarizeRecordingAsync(int environmentId, string sessionId, CancellationToken ct) =>
        Get<SessionSummarizer>().SummarizeAsync(environmentId, sessionId, ct);

    public Task<IReadOnlyList<SimilarRecording>?> FindSimilarRecordingsAsync(int environmentId, string sessionId, int limit, int? viewerAdminId, CancellationToken ct) =>
        Get<SimilarSessions>().FindAsync(environmentId, sessionId, limit, viewerAdminId, ct);

    public Task<IReadOnlyList<ErrorCluster>> ListErrorClustersAsync(int environmentId, long fromMs, long toMs, int limit, CancellationToken ct) =>
        Get<ErrorClusters>().ListAsync(environmentId, fromMs, toMs, limit, ct);

    public Task<IReadOnlyList<MatchingEvent>?> FindMatchingEventsAsync(int environmentId, string sessionId, EventFilter filter, CancellationToken ct) =>
        Get<MatchingEvents>().FindAsync(environmentId, sessionId, filter, ct);

    public Task<IReadOnlyList<RecordingProperties>> GetRecordingPropertiesAsync(int environmentId, IReadOnlyList<string> sessionIds, CancellationToken ct) =>
        Get<RecordingPropertiesReader>().ReadAsync(environmentId, sessionIds, ct);
}

internal static class RecordingQueriesRegistration
{
    public static IServiceCollection AddRecordingQueries(this IServiceCollection services)
    {
        services.AddSingleton<RecordingCountCache>();
        services.AddScoped<RecordingCatalog>();
        services.AddScoped<IRecordingCatalog>(sp => sp.GetRequiredService<RecordingCatalog>());
        services.AddScoped<Collections.RecordingCollections>();
        services.AddScoped<IRecordingCollections>(sp => sp.GetRequiredService<Collections.RecordingCollections>());
        services.AddScoped<SessionEventsReader>();
        services.AddScoped<SessionSummarizer>();
        services.AddScoped<SimilarSessions>();
        services.AddScoped<ErrorClusters>();
        services.AddScoped<MatchingEvents>();
        services.AddScoped<RecordingPropertiesReader>();
        services.AddScoped<IRecordingInsights, RecordingInsights>();
        return services;
    }
}
