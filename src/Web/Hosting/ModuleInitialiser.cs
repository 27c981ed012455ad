using Modules.Environments;
using Modules.Recordings;
using Modules.Sharing;

namespace Web.Hosting;

/// <summary>
/// Prepares the databases and applies every module's migrations before anything else starts. On PostgreSQL a node
/// holds a session advisory lock meanwhile, so nodes starting together apply them one at a time (the next finds
/// them applied).
/// </summary>
internal sealed class ModuleInitialiser(IServiceProvider services, ModuleDatabases databases) : IHostedLifecycleService
{
    public async Task InitialiseAsync(CancellationToken ct)
    {
        await using var migrationLock = databases.OnPostgres ? await TakeMigrationLockAsync(databases, ct) : null;
        databases.Prepare();
        await services.InitialiseEnvironmentsModuleAsync(ct);
        await services.InitialiseRecordingsModuleAsync(ct);
        await services.InitialiseSharingModuleAsync(ct);
        await DataProtectionKeys.PrepareAsync(databases, ct);
        // Closing the session (disposal; the connection is not pooled) releases the advisory lock.
    }

    // Npgsql named only where PostgreSQL is used (ModuleDatabases.UseNpgsql says why).
    private static async Task<IAsyncDisposable> TakeMigrationLockAsync(ModuleDatabases databases, CancellationToken ct)
    {
        var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(databases.PostgresConnectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            await using var take = connection.CreateCommand();
            take.CommandText = $"SELECT pg_advisory_lock({ModuleDatabases.MigrationLockKey})";
            await take.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task StartingAsync(CancellationToken ct) => InitialiseAsync(ct);
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
