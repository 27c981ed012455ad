using Microsoft.Data.Sqlite;

namespace Web.Hosting;

/// <summary>
/// Part of the SQLite seam: SQLite checkpoints the WAL by itself but never shrinks it, and a reader that is always
/// busy can keep it growing. Every minute this runs <c>wal_checkpoint(TRUNCATE)</c> on each database so the WAL
/// returns to zero bytes whenever no reader holds it back (a busy database is simply tried again next time).
/// </summary>
internal sealed class WalCheckpoints(ModuleDatabases databases, IConfiguration configuration, ILogger<WalCheckpoints> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(configuration.GetValue("Storage:CheckpointSeconds", 60));
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            foreach (var file in ModuleDatabases.AllFiles)
            {
                try
                {
                    await databases.CheckpointAsync(file, stoppingToken);
                }
                catch (SqliteException e)
                {
                    log.LogWarning(e, "Checkpointing {Database} failed; trying again next time", file);
                }
            }
    }
}
