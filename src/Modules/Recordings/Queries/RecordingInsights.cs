using Microsoft.Extensions.DependencyInjection;
using Modules.Recordings.Errors;
using Modules.Recordings.Similarity;
using Modules.Recordings.Summaries;

namespace Modules.Recordings.Queries;

/// <summary>The read side the REST API uses, gathered so the facade takes one dependency instead of seven.</summary>
internal sealed record RecordingInsights(
    RecordingCatalog Catalog, SessionSummarizer Summarizer, SimilarSessions Similar, ErrorClusters Errors,
    MatchingEvents Matching, RecordingPropertiesReader Properties);

internal static class RecordingQueriesRegistration
{
    public static IServiceCollection AddRecordingQueries(this IServiceCollection services)
    {
        services.AddSingleton<RecordingCountCache>();
        services.AddScoped<RecordingCatalog>();
        services.AddScoped<Collections.RecordingCollections>();
        services.AddScoped<SessionSummarizer>();
        services.AddScoped<SimilarSessions>();
        services.AddScoped<ErrorClusters>();
        services.AddScoped<MatchingEvents>();
        services.AddScoped<RecordingPropertiesReader>();
        services.AddScoped<RecordingInsights>();
        return services;
    }
}
