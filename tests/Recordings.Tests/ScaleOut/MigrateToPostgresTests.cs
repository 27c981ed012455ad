using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings.Contracts;
using Modules.Sharing;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.ScaleOut;

/// <summary><c>recordings migrate --to-postgres</c>: a populated SQLite installation moved into an empty PostgreSQL database.</summary>
[Trait("Category", "Postgres")]
public sealed class MigrateToPostgresTests
{
    private static readonly string[] Sessions = ["cold-one", "cold-two", "hot-one", "shop-visit"];

    private static Dictionary<string, string?> OnSqlite() => StorageTestSite.Settings(("Database:Provider", "Sqlite"));

    private static Dictionary<string, string?> OnPostgres(string connectionString)
    {
        var settings = StorageTestSite.Settings();
        foreach (var (key, value) in PostgresServer.Settings(connectionString)) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Migrate_moves_a_populated_installation_and_the_server_on_postgres_answers_the_same_list_and_snapshot_bytes()
    {
        var data = TempDirectory.Create("migrate");
        string apiKey, shareToken;
        int environmentId;
        Cookie adminCookie;
        Dictionary<string, byte[]> bytesBefore;
        string listBefore;
        using (var sqlite = new RecordingsApp(data, OnSqlite()))
        {
            var cookies = new CookieContainer();
            using (var dashboard = new Dashboard(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = sqlite.BaseAddress }))
                await dashboard.SignInAsync();
            adminCookie = cookies.GetCookies(sqlite.BaseAddress)["recordings.admin"]!;
            var env = await CaptureEnvironment.CreateAsync(sqlite);
            environmentId = env.Id;
            // Cold segments (archived), hot chunks (after the archive run) and a visit with behaviour events.
            await StorageTestSite.IngestAsync(sqlite, env, 10, "cold-one", maxEvents: 120);
            await StorageTestSite.IngestAsync(sqlite, env, 12, "cold-two", maxEvents: 120);
            var archived = await RecordingsRoles.Of(sqlite).Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots);
            Assert.True(archived.Counts["chunks_moved"] > 0);
            await StorageTestSite.IngestAsync(sqlite, env, 11, "hot-one", maxEvents: 60);
            await new RecordingSeeder(sqlite.NewClient(), env.Token).ShopVisitAsync("shop-visit");
            await RecordingsRoles.Of(sqlite).Collections.PinRecordingAsync(env.Id, "keep", "cold-two");
            await RecordingsRoles.Of(sqlite).Collections.SaveFilterAsync(env.Id, "long ones", "duration>1");
            shareToken = (await sqlite.Service(sp => sp.GetRequiredService<ISharingModule>()).SetEnabledAsync(env.Id, "cold-one", true, null)).AccessToken!;
            apiKey = (await sqlite.Service(sp => sp.GetRequiredService<IApiKeys>())
                .CreateApiKeyAsync("migrated", [ApiScopes.RecordingRead, ApiScopes.SharingRead], null)).Key;
            using var reader = Reader(sqlite, apiKey);
            listBefore = await ListAsync(reader, env.Id);
            bytesBefore = await SnapshotBytesAsync(reader, env.Id);
        }
        SqliteConnection.ClearAllPools();
        var sqliteFiles = ModuleFileHashes(data);

        var database = PostgresServer.NewDatabase();
        var migrate = await OperatorCli.RunAsync(data, "migrate", "--to-postgres", database);
        Assert.True(migrate.ExitCode == 0, migrate.Stdout + migrate.Stderr);
        var tables = migrate.Json.GetProperty("tables").EnumerateArray()
            .ToDictionary(t => t.GetProperty("table").GetString()!, t => t.GetProperty("rows").GetInt64());
        Assert.Equal(Sessions.Length, tables["recordings"]);
        Assert.Equal(1, tables["admins"]);
        Assert.Equal(1, tables["share_links"]);
        Assert.Equal(1, tables["collection_items"]);
        Assert.True(tables["snapshot_chunks"] > 0 && tables["cold_chunks"] > 0 && tables["cold_segments"] > 0, migrate.Stdout);
        Assert.True(migrate.Json.GetProperty("data_protection_keys").GetInt32() >= 1);
        Assert.Equal(Path.Combine(data, "cold"), migrate.Json.GetProperty("cold_directory").GetString());
        Assert.DoesNotContain("Password", migrate.Stdout);
        // The SQLite installation is only read.
        Assert.Equal(sqliteFiles, ModuleFileHashes(data));

        using (var postgres = new RecordingsApp(data, OnPostgres(database)))
        {
            using var reader = Reader(postgres, apiKey);
            Assert.Equal(listBefore, await ListAsync(reader, environmentId));
            var bytesAfter = await SnapshotBytesAsync(reader, environmentId);
            Assert.Equal(bytesBefore.Keys.Order(), bytesAfter.Keys.Order());
            foreach (var (source, bytes) in bytesBefore) Assert.True(bytes.AsSpan().SequenceEqual(bytesAfter[source]), source);
            Assert.NotNull(await postgres.Service(sp => sp.GetRequiredService<ISharingModule>()).ResolveAsync(shareToken));

            // The cookie issued on SQLite still signs in (the Data Protection keys moved), and the password does.
            using var withCookie = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = postgres.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/environments");
            request.Headers.Add("Cookie", $"{adminCookie.Name}={adminCookie.Value}");
            Assert.Equal(HttpStatusCode.OK, (await withCookie.SendAsync(request)).StatusCode);
            using var dashboard = new Dashboard(postgres);
            await dashboard.SignInAsync();
            var (page, _) = await dashboard.GetAsync("/environments");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            // The identity sequences continue after the copied ids: new rows get new ids.
            var next = await CaptureEnvironment.CreateAsync(postgres);
            Assert.True(next.Id > environmentId);
            await new RecordingSeeder(postgres.NewClient(), next.Token).ShopVisitAsync("after-the-move");
            using var list = await reader.GetAsync($"/api/projects/{next.Id}/session_recordings");
            Assert.Contains("after-the-move", await list.Content.ReadAsStringAsync());
        }

        var again = await OperatorCli.RunAsync(data, "migrate", "--to-postgres", database);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds data", again.Json.GetProperty("error").GetString());
        Assert.Contains("Nothing was copied", again.Stderr);
    }

    [Fact]
    public async Task Migrate_refuses_a_data_directory_without_an_installation_and_an_unreachable_database()
    {
        var empty = TempDirectory.Create("migrate-empty");
        var nothing = await OperatorCli.RunAsync(empty, "migrate", "--to-postgres", PostgresServer.NewDatabase());
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("holds no installation", nothing.Json.GetProperty("error").GetString());
        Assert.False(File.Exists(Path.Combine(empty, "environments.db")), "no installation is made where none was");

        var data = TempDirectory.Create("migrate-unreachable");
        using (new RecordingsApp(data, OnSqlite())) { }
        SqliteConnection.ClearAllPools();
        var unreachable = await OperatorCli.RunAsync(data, "migrate", "--to-postgres", "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=secret;Timeout=2");
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("Cannot prepare the PostgreSQL database 127.0.0.1:1/x", unreachable.Json.GetProperty("error").GetString());
        Assert.DoesNotContain("secret", unreachable.Stdout + unreachable.Stderr);
    }

    [Fact]
    public async Task Migrate_refuses_while_a_server_runs_on_the_installation_and_a_server_does_not_start_while_a_move_holds_it()
    {
        var data = TempDirectory.Create("migrate-running");
        var database = PostgresServer.NewDatabase();
        using (var running = new RecordingsApp(data, OnSqlite()))
        {
            var env = await CaptureEnvironment.CreateAsync(running);
            await new RecordingSeeder(running.NewClient(), env.Token).ShopVisitAsync("while-running");
            var refused = await OperatorCli.RunAsync(data, "migrate", "--to-postgres", database);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("A server is running on", refused.Json.GetProperty("error").GetString());
            Assert.Contains("Nothing was copied", refused.Stderr);
            // Refused before the PostgreSQL database was touched: not even the modules' schemas were made.
            Assert.Equal(0, await SchemasAsync(database));
            // The server goes on serving.
            using var health = await running.NewClient().GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        SqliteConnection.ClearAllPools();

        // Stopped, the lock is free again; a move under way (the lock held exclusively) keeps a server from starting.
        var databases = new Web.Hosting.ModuleDatabases(data);
        using (Web.Hosting.InstallationLock.TryHoldExclusively(databases) ?? throw new InvalidOperationException("the stopped server still holds the lock"))
        {
            var start = Assert.ThrowsAny<Exception>(() => new RecordingsApp(data, OnSqlite()).Dispose());
            Assert.Contains("recordings migrate", start.ToString());
        }
        SqliteConnection.ClearAllPools();
        var moved = await OperatorCli.RunAsync(data, "migrate", "--to-postgres", database);
        Assert.True(moved.ExitCode == 0, moved.Stdout + moved.Stderr);
        Assert.Equal(1, moved.Json.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "recordings").GetProperty("rows").GetInt64());
    }

    private static async Task<long> SchemasAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name IN ('environments', 'recordings', 'sharing')", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static HttpClient Reader(RecordingsApp app, string key)
    {
        var http = app.NewClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static async Task<string> ListAsync(HttpClient reader, int environmentId)
    {
        using var response = await reader.GetAsync($"/api/projects/{environmentId}/session_recordings?limit=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var session in Sessions) Assert.Contains($"\"{session}\"", text);
        return text;
    }

    /// <summary>Every source of every recording, fetched through the API, by "session source blob_key".</summary>
    private static async Task<Dictionary<string, byte[]>> SnapshotBytesAsync(HttpClient reader, int environmentId)
    {
        var all = new Dictionary<string, byte[]>();
        foreach (var session in Sessions)
        {
            var root = $"/api/projects/{environmentId}/session_recordings/{session}/snapshots";
            var sources = (await SeededApi.JsonOf(await reader.GetAsync(root))).GetProperty("sources").EnumerateArray().ToList();
            Assert.NotEmpty(sources);
            foreach (var s in sources)
            {
                var key = s.GetProperty("blob_key").GetString();
                var url = $"{root}?source={s.GetProperty("source").GetString()}" + (key is null ? "" : "&blob_key=" + Uri.EscapeDataString(key));
                using var response = await reader.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, url);
                all[$"{session} {s.GetProperty("source").GetString()} {key}"] = await response.Content.ReadAsByteArrayAsync();
            }
        }
        return all;
    }

    private static Dictionary<string, string> ModuleFileHashes(string data) =>
        new[] { "environments.db", "recordings.db", "sharing.db" }.ToDictionary(f => f,
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(data, f)))));
}
