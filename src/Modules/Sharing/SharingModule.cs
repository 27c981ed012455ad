using Modules.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Modules.Sharing.Data;
using Modules.Sharing.Links;

namespace Modules.Sharing;

/// <summary>Registers and initialises the Sharing module.</summary>
public static class SharingModule
{
    /// <param name="configureDatabase">Chooses the provider and connection (the host's provider seam).</param>
    public static IServiceCollection AddSharingModule(this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase)
    {
        services.AddDbContext<SharingDbContext>(configureDatabase);
        // Liveness and readiness (the host maps /healthz to "live", /readyz to "ready"): the module's database answers.
        services.AddHealthChecks().AddDbContextCheck<SharingDbContext>("sharing", tags: ["live", "ready"]);
        services.AddScoped<ShareLinks>();
        services.AddScoped<ISharingModule, SharingFacade>();
        // Recordings tells its removals through its own contract; Sharing answers it (the dependency stays Sharing → Recordings).
        services.AddScoped<Modules.Recordings.Contracts.IRecordingRemovalListener, LinkRemoval>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Applies the module's migrations.</summary>
    public static async Task InitialiseSharingModuleAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SharingDbContext>().Database.MigrateModuleAsync(ct);
    }

    /// <summary>
    /// Copies every row of the module's tables from <paramref name="from"/>'s database into <paramref name="to"/>'s
    /// (migrated and empty), ids kept, in one transaction, counts checked (<c>recordings migrate --to-postgres</c>).
    /// </summary>
    /// <returns>Each table with the rows copied and the seconds it took, parents first.</returns>
    public static Task<IReadOnlyList<(string Table, long Rows, double Seconds)>> CopySharingModuleDataAsync(this IServiceProvider from, IServiceProvider to, CancellationToken ct = default) =>
        Modules.Data.ModuleDataCopy.CopyAsync<Data.SharingDbContext>(from, to, ct);
}
