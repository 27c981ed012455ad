using Npgsql;
using Recordings.Tests.Api;
using Recordings.Tests.Support;

namespace Recordings.Tests.ScaleOut;

/// <summary>The server on PostgreSQL: a schema per module, nothing but cold files in the data directory.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresProviderTests
{
    [Fact]
    public async Task On_postgres_each_module_has_its_schema_and_the_data_directory_holds_no_database()
    {
        var connectionString = PostgresServer.NewDatabase();
        using var api = await ApiFixture.StartAsync(PostgresServer.Settings(connectionString));
        await api.Seeder.ShopVisitAsync("on-postgres");
        var reader = await api.ReaderAsync();
        var list = await SeededApi.JsonOf(await reader.GetAsync(api.Base));
        Assert.Contains(list.GetProperty("results").EnumerateArray(), r => r.GetProperty("id").GetString() == "on-postgres");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";
        var tables = new List<string>();
        await using (var reader2 = await command.ExecuteReaderAsync())
            while (await reader2.ReadAsync()) tables.Add(reader2.GetString(0));
        Assert.Contains("environments.environments", tables);
        Assert.Contains("recordings.recordings", tables);
        Assert.Contains("sharing.share_links", tables);
        Assert.Contains("hangfire.job", tables);
        Assert.Contains("dataprotection.DataProtectionKeys", tables);
        Assert.DoesNotContain(tables, t => t.StartsWith("public.", StringComparison.Ordinal));

        var files = Directory.EnumerateFileSystemEntries(api.App.DataDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(api.App.DataDirectory, f)).ToList();
        Assert.All(files, f => Assert.StartsWith("cold", f));
    }

    /// <remarks>EF Core's own migration lock also serialises MigrateAsync; the host's advisory lock (ModuleInitialiser)
    /// covers the schemas and the keys' table made before and after it.</remarks>
    [Fact]
    public async Task Three_nodes_starting_at_once_on_an_empty_database_apply_the_migrations_once_and_all_start()
    {
        var connectionString = PostgresServer.NewDatabase();
        var apps = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => new RecordingsApp(settings: PostgresServer.Settings(connectionString)))));
        try
        {
            foreach (var app in apps)
            {
                using var http = app.NewClient();
                Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            }
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var schema in new[] { "environments", "recordings", "sharing" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""SELECT count(*) FROM {schema}."__EFMigrationsHistory" """;
                var applied = (long)(await command.ExecuteScalarAsync())!;
                await using var distinct = connection.CreateCommand();
                distinct.CommandText = $"""SELECT count(DISTINCT "MigrationId") FROM {schema}."__EFMigrationsHistory" """;
                Assert.Equal(applied, (long)(await distinct.ExecuteScalarAsync())!);
                Assert.True(applied >= 1);
            }
        }
        finally
        {
            foreach (var app in apps) app.Dispose();
        }
    }
}
