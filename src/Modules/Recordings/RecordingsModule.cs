using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Modules.Recordings.Data;
using Modules.Recordings.Events;
using Modules.Recordings.Ingestion;
using Modules.Recordings.Queries;

namespace Modules.Recordings;

/// <summary>Registers and initialises the Recordings module.</summary>
public static class RecordingsModule
{
    /// <param name="configureDatabase">Chooses the provider and connection (the host's provider seam).</param>
    /// <param name="ingestionLimits">The "Ingestion" configuration section, overriding the default limits.</param>
    public static IServiceCollection AddRecordingsModule(
        this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase, IConfiguration? ingestionLimits = null)
    {
        services.AddDbContext<RecordingsDbContext>(configureDatabase);
        var limits = services.AddOptions<IngestionLimits>();
        if (ingestionLimits is not null) limits.Bind(ingestionLimits);
        services.AddSingleton<IngestionQueue>();
        services.AddHostedService<IngestionWriter>();
        services.AddScoped<SessionAccess>();
        services.AddScoped<IngestionService>();
        services.AddScoped<SessionEventsReader>();
        services.AddRecordingQueries();
        services.AddScoped<IRecordingsModule, RecordingsFacade>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Applies the module's migrations.</summary>
    public static async Task InitialiseRecordingsModuleAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecordingsDbContext>().Database.MigrateAsync(ct);
    }
}
