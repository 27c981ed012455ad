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
}
