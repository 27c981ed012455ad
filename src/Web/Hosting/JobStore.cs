using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;

namespace Web.Hosting;

/// <summary>
/// Hangfire's own storage on the embedded default: <c>hangfire.db</c> in the data directory, so the Jobs page keeps
/// its history, its recurring-job state and its failed jobs across restarts. It holds only Hangfire's bookkeeping:
/// every job takes its work from the modules' tables, so losing this file loses no data. On PostgreSQL it is
/// Hangfire.PostgreSql in the schema <c>hangfire</c> of the one database, shared by every node: a recurring job runs
/// on one node at a time (Hangfire's distributed lock) and an enqueued job is fetched by one worker of one node.
/// </summary>
internal static class JobStore
{
    public const string File = "hangfire.db";

    public static IServiceCollection AddJobStore(this IServiceCollection services, ModuleDatabases databases)
    {
        // One storage per host (not Hangfire's process-wide JobStorage.Current), so two servers in one process (the
        // tests) each keep to their own file.
        services.AddSingleton<JobStorage>(_ =>
        {
            if (databases.OnPostgres) return PostgresJobStore.Create(databases.PostgresConnectionString);
            // 0700 directory, 0600 file, as the module databases (job arguments name recordings' data).
            ModuleDatabases.CreatePrivateDirectory(databases.DataDirectory);
            ModuleDatabases.MakePrivate(Path.Combine(databases.DataDirectory, File));
            return new SQLiteStorage(Path.Combine(databases.DataDirectory, File), new SQLiteStorageOptions
            {
                // A triggered job (the archive run at start) waits at most this long for a worker to see it.
                QueuePollInterval = TimeSpan.FromSeconds(2),
            });
        });
        // Likewise this host's own job activator: Hangfire's registration hands a server the process-wide
        // JobActivator.Current, which whichever host configured Hangfire last has set, so two servers starting together
        // could run one's jobs on the other's services and data (seen as a flaky test: an archive run in a server whose
        // jobs were off). Registered first, so AddHangfire's TryAdd keeps it.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
            .UseLogProvider(new DisposalSafeLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(sp.GetRequiredService<ILoggerFactory>())))
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        return services;
    }

}

/// <summary>Hangfire.PostgreSql, named only here so a SQLite server never loads it (ModuleDatabases.UseNpgsql says why).</summary>
internal static class PostgresJobStore
{
    public static JobStorage Create(string connectionString) =>
        new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, PostgresOptions), PostgresOptions);

    private static readonly PostgreSqlStorageOptions PostgresOptions = new()
    {
        SchemaName = "hangfire",
        QueuePollInterval = TimeSpan.FromSeconds(2),
        // Nodes starting together: Hangfire.PostgreSql takes its own lock while it creates or upgrades its schema.
        PrepareSchemaIfNecessary = true,
    };
}

/// <summary>
/// Hangfire keeps one log provider for the whole process (<c>GlobalConfiguration</c>), pointing at the last host
/// configured. Where several hosts live in one process and come and go (the tests, the command line run in-process),
/// it can point at a host that is already disposed, and Hangfire's next server would fail to start on an
/// <see cref="ObjectDisposedException"/>. This provider then logs nowhere instead.
/// </summary>
internal sealed class DisposalSafeLogProvider(Hangfire.Logging.ILogProvider inner) : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return new SafeLog(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new SafeLog(null);
        }
    }

    private sealed class SafeLog(Hangfire.Logging.ILog? inner) : Hangfire.Logging.ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            // A worker that fetched a job just as its host shut down finds the host's services gone: the job stays in
            // the store and is retried by the next server, so this is shutdown noise, not a failure to report (it would
            // print a stack trace through whichever host Hangfire's global log provider points at).
            if (exception is ObjectDisposedException { ObjectName: "IServiceProvider" }) return false;
            try
            {
                return inner?.Log(logLevel, messageFunc, exception) ?? false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
