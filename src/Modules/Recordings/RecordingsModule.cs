using Modules.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Modules.Recordings.Data;
using Modules.Recordings.Events;
using Modules.Recordings.Contracts;
using Modules.Recordings.Ingestion;
using Modules.Recordings.Queries;
using Modules.Recordings.Jobs;
using Modules.Recordings.Snapshots;
using Modules.Recordings.Storage;
using Modules.Recordings.Telemetry;

namespace Modules.Recordings;

/// <summary>Registers and initialises the Recordings module.</summary>
public static class RecordingsModule
{
    /// <summary>The name of the module's <see cref="System.Diagnostics.Metrics.Meter"/> (ingestion, writer, storage).</summary>
    public const string MeterName = "Recordings.Recordings";

    /// <param name="configureDatabase">Chooses the provider and connection (the host's provider seam).</param>
    /// <param name="ingestionLimits">The "Ingestion" configuration section, overriding the default limits.</param>
    public static IServiceCollection AddRecordingsModule(
        this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase, IConfiguration? ingestionLimits = null)
    {
        services.AddDbContextPool<RecordingsDbContext>(configureDatabase);
        var limits = services.AddOptions<IngestionLimits>();
        if (ingestionLimits is not null) limits.Bind(ingestionLimits);
        // Liveness and readiness (the host maps /healthz to "live", /readyz to "ready"): the module's database answers.
        services.AddHealthChecks().AddDbContextCheck<RecordingsDbContext>("recordings", tags: ["live", "ready"]);
        services.AddSingleton<IngestionQueue>();
        services.AddMetrics();
        services.AddSingleton<RecordingsMetrics>();
        services.AddSingleton<EnvironmentCache>();
        services.AddSingleton<SessionClock>();
        services.AddSingleton<CpuSlots>();
        services.AddSingleton<BodyMemory>();
        services.AddHostedService<IngestionWriter>();
        services.AddScoped<SessionAccess>();
        services.AddScoped<IngestionService>();
        services.AddScoped<IRecordingIngestion>(sp => sp.GetRequiredService<IngestionService>());
        services.AddRecordingQueries();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The storage lifecycle: cold segment files under <paramref name="coldDirectory"/>, the archive and retention jobs.
    /// </summary>
    /// <param name="storage">The "Storage" configuration section (ages, sizes; see docs/storage.md).</param>
    public static IServiceCollection AddRecordingsStorage(this IServiceCollection services, string coldDirectory, IConfiguration? storage = null)
    {
        var options = services.AddOptions<StorageOptions>();
        if (storage is not null) options.Bind(storage);
        options.PostConfigure(o => o.ColdDirectory = Path.GetFullPath(coldDirectory));
        services.AddSingleton<CrashPoints>();
        services.AddSingleton<StorageLock>();
        services.AddSingleton<SweepSchedule>();
        services.AddScoped<ColdSweep>();
        services.AddScoped<ArchiveSnapshotsJob>();
        services.AddScoped<RetentionJob>();
        services.AddScoped<RecordingRemoval>();
        services.AddScoped<SnapshotReader>();
        services.AddScoped<IRecordingSnapshots>(sp => sp.GetRequiredService<SnapshotReader>());
        services.AddSingleton<OneMemberCache>();
        services.AddScoped<StorageOverviewQuery>();
        services.AddScoped<ColdBackupCopier>();
        services.AddSingleton<StorageJobRunner>();
        services.AddSingleton<IRecordingStorage>(sp => sp.GetRequiredService<StorageJobRunner>());
        services.AddHealthChecks().AddCheck<ColdStorageHealth>("cold-storage", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Registers the recurring storage jobs with Hangfire under their explicit ids and starts an archive run now, so a
    /// restart sweeps and catches up at once. The jobs call the module's interface; their work comes from the database.
    /// </summary>
    public static void UseRecordingsJobs(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var settings = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        jobs.AddOrUpdate<IRecordingStorage>(StorageJobIds.ArchiveSnapshots,
            m => m.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots, CancellationToken.None), settings.ArchiveSchedule);
        jobs.AddOrUpdate<IRecordingStorage>(StorageJobIds.Retention,
            m => m.RunStorageJobAsync(StorageJobIds.Retention, CancellationToken.None), settings.RetentionSchedule);
        if (settings.ArchiveAtStart) jobs.Trigger(StorageJobIds.ArchiveSnapshots);
    }

    /// <summary>
    /// For the ingestion benchmark's baseline only (bench/ingest, the host's <c>/ingest/baseline</c> when configured), not
    /// part of the module's roles: reads and decompresses a body under the ingestion limits, then discards it.
    /// Returns the decompressed length.
    /// </summary>
    public static async Task<long> ReadAndDiscardAsync(IServiceProvider requestServices, IngestionRequest request, CancellationToken ct) =>
        await requestServices.GetRequiredService<IngestionService>().ReadAndDiscardAsync(request, ct);

    /// <summary>Applies the module's migrations.</summary>
    public static async Task InitialiseRecordingsModuleAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecordingsDbContext>().Database.MigrateModuleAsync(ct);
        services.GetRequiredService<RecordingsMetrics>();
    }

    /// <summary>
    /// Copies every row of the module's tables from <paramref name="from"/>'s database into <paramref name="to"/>'s
    /// (migrated and empty), ids kept, in one transaction, counts checked (<c>recordings migrate --to-postgres</c>).
    /// </summary>
    /// <returns>Each table with the rows copied and the seconds it took, parents first.</returns>
    public static Task<IReadOnlyList<(string Table, long Rows, double Seconds)>> CopyRecordingsModuleDataAsync(this IServiceProvider from, IServiceProvider to, CancellationToken ct = default) =>
        Modules.Data.ModuleDataCopy.CopyAsync<RecordingsDbContext>(from, to, ct);
}
