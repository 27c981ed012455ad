using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modules.Data;
using Modules.Recordings.Data;
using Npgsql;

namespace Modules.Recordings.Storage;

/// <summary>
/// Serialises everything that writes or removes cold files — archive runs, deletions, retention, backups — across
/// threads and processes (the server and an operator's <c>jobs run</c>). It is an exclusive lock on
/// <c>cold/.lock</c>, which the OS releases when its holder dies, so a crash never leaves it held. Holding it is what
/// makes the sweep safe: no other writer can have a file renamed but not yet committed to the index. On PostgreSQL,
/// where several nodes share the cold directory (whose file locks a network file system may not honour), it is a
/// session advisory lock in the database instead, released as well when its holder's connection dies.
/// </summary>
internal sealed class StorageLock(IOptions<StorageOptions> options, TimeProvider clock, IServiceScopeFactory scopes)
{
    private const long AdvisoryKey = 0x436f6c64; // "Cold"
    private readonly StorageOptions settings = options.Value;

    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(settings.ColdDirectory);
        else if (!Directory.Exists(settings.ColdDirectory)) Directory.CreateDirectory(settings.ColdDirectory, DurableFile.PrivateDirectory);
        string? postgres;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>().Database;
            postgres = ProviderMigrationsAssembly.IsPostgres(db.ProviderName) ? db.GetConnectionString() : null;
        }
        if (postgres is not null) return await AcquireAdvisoryAsync(postgres, ct);
        var path = Path.Combine(settings.ColdDirectory, ".lock");
        var deadline = clock.GetUtcNow().AddSeconds(settings.LockWaitSeconds);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), clock, ct);
            }
        }
    }

    private async Task<IDisposable> AcquireAdvisoryAsync(string connectionString, CancellationToken ct)
    {
        // Not pooled: disposing the connection ends the session, which releases the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            var deadline = clock.GetUtcNow().AddSeconds(settings.LockWaitSeconds);
            await using var take = connection.CreateCommand();
            take.CommandText = $"SELECT pg_try_advisory_lock({AdvisoryKey})";
            while (!(bool)(await take.ExecuteScalarAsync(ct))!)
            {
                if (clock.GetUtcNow() >= deadline) throw new IOException("Another node holds the cold storage lock.");
                await Task.Delay(TimeSpan.FromMilliseconds(50), clock, ct);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
