using System.CommandLine;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Sharing;
using Npgsql;
using Web.Hosting;

namespace Web.Cli;

/// <summary>
/// <c>migrate --to-postgres "CONNECTION"</c>: moves a SQLite installation (the data directory, server stopped: refused
/// while a server holds the <see cref="InstallationLock"/>) into an
/// empty PostgreSQL database: applies the PostgreSQL migrations, copies every module's rows with their ids, moves the
/// identity sequences past them, checks the counts, and copies the Data Protection keys so sign-ins and antiforgery
/// tokens stay valid. The SQLite files are only read; the cold files stay where they are.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(OperatorCommand.Runner run)
    {
        var to = CliOptions.Text("--to-postgres", "A connection string to an empty PostgreSQL database, e.g. \"Host=db;Database=recordings;Username=recordings;Password=…\"");
        var command = new Command("migrate", "Copies this SQLite installation (server stopped) into an empty PostgreSQL database; the cold files stay where they are") { to };
        command.SetAction(async (parse, ct) =>
        {
            var connectionString = parse.GetValue(to)!;
            await using var source = RecordingsServer.Build(run.ConfigurationArgs, withServer: false);
            var databases = source.Services.GetRequiredService<ModuleDatabases>();
            if (databases.OnPostgres)
                throw new InvalidInputException("to-postgres", "migrate copies a SQLite installation; Database:Provider is Postgres already.");
            var missing = ModuleDatabases.Files.Where(f => !File.Exists(Path.Combine(databases.DataDirectory, f))).ToList();
            if (missing.Count > 0)
                throw new InvalidInputException("DataDirectory", $"{databases.DataDirectory} holds no installation ({string.Join(", ", missing)} missing); give the server's --DataDirectory.");
            // Held to the end: no server may write to the SQLite files while they are copied (the counts would not
            // match), nor start on them meanwhile.
            using var installation = InstallationLock.TryHoldExclusively(databases)
                ?? throw new InvalidInputException("DataDirectory", $"A server is running on {databases.DataDirectory} (it holds "
                    + $"{InstallationLock.File}): stop every server on this installation, then run migrate again. Nothing was copied.");
            NpgsqlConnectionStringBuilder target;
            try
            {
                target = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                throw new InvalidInputException("to-postgres", $"--to-postgres is not a PostgreSQL connection string: {e.Message}");
            }

            // The source is brought to this version's schema (SQLite migrations, if any are pending), as at a server start.
            await source.Services.GetRequiredService<ModuleInitialiser>().InitialiseAsync(ct);
            await using var destination = RecordingsServer.Build(
                [.. run.ConfigurationArgs, "--Database:Provider=Postgres", $"--ConnectionStrings:Postgres={connectionString}"], withServer: false);
            var onPostgres = destination.Services.GetRequiredService<ModuleDatabases>();
            try
            {
                await destination.Services.GetRequiredService<ModuleInitialiser>().InitialiseAsync(ct);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidInputException("to-postgres", $"Cannot prepare the PostgreSQL database {Describe(target)}: {e.Message}");
            }

            var tables = await ModuleTablesAsync(onPostgres, ct);
            var holding = await TablesWithRowsAsync(onPostgres, tables, ct);
            if (holding.Count > 0)
                throw new InvalidInputException("to-postgres", $"The PostgreSQL database {Describe(target)} already holds data "
                    + $"({string.Join(", ", holding.Take(5))}{(holding.Count > 5 ? ", …" : "")}); migrate copies into an empty database only. Nothing was copied.");

            var copied = new List<object>();
            try
            {
                foreach (var (module, copy) in new (string, Func<Task<IReadOnlyList<(string Table, long Rows, double Seconds)>>>)[]
                {
                    ("environments", () => source.Services.CopyEnvironmentsModuleDataAsync(destination.Services, ct)),
                    ("recordings", () => source.Services.CopyRecordingsModuleDataAsync(destination.Services, ct)),
                    ("sharing", () => source.Services.CopySharingModuleDataAsync(destination.Services, ct)),
                })
                    copied.AddRange((await copy()).Select(t => new { Module = module, t.Table, t.Rows, Seconds = Math.Round(t.Seconds, 3) }));
            }
            catch (Exception)
            {
                // A module copied before the failure is emptied again, so the command can run again once the cause is fixed.
                await EmptyAsync(onPostgres, tables, CancellationToken.None);
                throw;
            }
            var keys = await CopyDataProtectionKeysAsync(databases, destination.Services, ct);
            var cold = ModuleDatabases.ColdDirectory(source.Configuration, databases);
            await run.PrintAsync(new
            {
                To = Describe(target),
                Tables = copied,
                DataProtectionKeys = keys,
                ColdDirectory = cold,
                ColdFiles = $"not copied: they stay in {cold}; start every node with Storage:ColdDirectory={cold} (a directory every node mounts)",
                Next = "start the server with Database:Provider=Postgres and ConnectionStrings:Postgres set to the same database",
            });
            return 0;
        });
        return command;
    }

    /// <summary>Host, port and database: never the password.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder b) => $"{b.Host}:{b.Port}/{b.Database}";

    private static async Task<List<string>> ModuleTablesAsync(ModuleDatabases databases, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(databases.PostgresConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema = ANY(@schemas) AND table_name <> '__EFMigrationsHistory'
            ORDER BY 1
            """, connection);
        command.Parameters.AddWithValue("schemas", ModuleDatabases.Files.Select(ModuleDatabases.Schema).ToArray());
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task<List<string>> TablesWithRowsAsync(ModuleDatabases databases, List<string> tables, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(databases.PostgresConnectionString);
        await connection.OpenAsync(ct);
        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table})", connection);
            if ((bool)(await command.ExecuteScalarAsync(ct))!) holding.Add(table);
        }
        return holding;
    }

    private static async Task EmptyAsync(ModuleDatabases databases, List<string> tables, CancellationToken ct)
    {
        if (tables.Count == 0) return;
        await using var connection = new NpgsqlConnection(databases.PostgresConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY CASCADE", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The key files of <c>keys/</c> into the keys' table, so cookies and tokens issued before the move stay valid.</summary>
    private static async Task<int> CopyDataProtectionKeysAsync(ModuleDatabases source, IServiceProvider destination, CancellationToken ct)
    {
        var directory = Path.Combine(source.DataDirectory, "keys");
        if (!Directory.Exists(directory)) return 0;
        await using var scope = destination.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<DataProtectionKeysDbContext>();
        var present = keys.DataProtectionKeys.Select(k => k.FriendlyName).ToHashSet();
        var added = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal))
        {
            // FileSystemXmlRepository names each file after the key's friendly name, as the database repository stores it.
            var name = Path.GetFileNameWithoutExtension(file);
            if (present.Contains(name)) continue;
            var xml = System.Xml.Linq.XElement.Load(file).ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
            keys.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = xml });
            added++;
        }
        await keys.SaveChangesAsync(ct);
        return added;
    }
}
