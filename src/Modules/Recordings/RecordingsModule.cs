using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Modules.Recordings.Data;

namespace Modules.Recordings;

/// <summary>Registers and initialises the Recordings module.</summary>
public static class RecordingsModule
{
    /// <param name="configureDatabase">Chooses the provider and connection (the host's provider seam).</param>
    public static IServiceCollection AddRecordingsModule(this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase)
    {
        services.AddDbContext<RecordingsDbContext>(configureDatabase);
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
