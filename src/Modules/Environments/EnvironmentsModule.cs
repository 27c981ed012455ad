using Modules.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Modules.Environments.Admins;
using Modules.Environments.ApiKeys;
using Modules.Environments.Data;
using Modules.Environments.Quota;
using Modules.Environments.Settings;

namespace Modules.Environments;

/// <summary>Registers and initialises the Environments module.</summary>
public static class EnvironmentsModule
{
    /// <summary>The name of the module's <see cref="System.Diagnostics.Metrics.Meter"/> (playback quota use).</summary>
    public const string MeterName = "Recordings.Environments";

    /// <param name="configureDatabase">Chooses the provider and connection (the host's provider seam).</param>
    /// <param name="playbackReservationsPerMinute">How many sessions per minute one environment may start in playback
    /// (each spends quota); more get <see cref="Contracts.RateLimitedException"/>.</param>
    public static IServiceCollection AddEnvironmentsModule(
        this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase, int playbackReservationsPerMinute = 300)
    {
        services.AddSingleton(new ReservationRateLimit(playbackReservationsPerMinute));
        services.AddDbContextPool<EnvironmentsDbContext>(configureDatabase);
        // Liveness and readiness (the host maps /healthz to "live", /readyz to "ready"): the module's database answers.
        services.AddHealthChecks().AddDbContextCheck<EnvironmentsDbContext>("environments", tags: ["live", "ready"]);
        services.AddScoped<EnvironmentCatalog>();
        services.AddMetrics();
        services.AddSingleton<Telemetry.QuotaMetrics>();
        services.AddScoped<PlaybackQuota>();
        services.AddScoped<AdminAccounts>();
        services.AddScoped<AdminSessions>();
        services.AddScoped<PersonalApiKeys>();
        services.AddScoped<IEnvironmentCatalog>(sp => sp.GetRequiredService<EnvironmentCatalog>());
        services.AddScoped<ITrackingRules>(sp => sp.GetRequiredService<PlaybackQuota>());
        services.AddScoped<IAdminAccounts>(sp => sp.GetRequiredService<AdminAccounts>());
        services.AddScoped<IAdminSessions>(sp => sp.GetRequiredService<AdminSessions>());
        services.AddScoped<IApiKeys>(sp => sp.GetRequiredService<PersonalApiKeys>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Applies the module's migrations.</summary>
    public static async Task InitialiseEnvironmentsModuleAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EnvironmentsDbContext>().Database.MigrateModuleAsync(ct);
        services.GetRequiredService<Telemetry.QuotaMetrics>();
    }

    /// <summary>
    /// Copies every row of the module's tables from <paramref name="from"/>'s database into <paramref name="to"/>'s
    /// (migrated and empty), ids kept, in one transaction, counts checked (<c>recordings migrate --to-postgres</c>).
    /// </summary>
    /// <returns>Each table with the rows copied and the seconds it took, parents first.</returns>
    public static Task<IReadOnlyList<(string Table, long Rows, double Seconds)>> CopyEnvironmentsModuleDataAsync(this IServiceProvider from, IServiceProvider to, CancellationToken ct = default) =>
        Modules.Data.ModuleDataCopy.CopyAsync<EnvironmentsDbContext>(from, to, ct);
}
