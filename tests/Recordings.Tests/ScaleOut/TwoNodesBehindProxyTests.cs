using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.ScaleOut;

/// <summary>
/// The README's "Scaling out" example as it stands: <c>deploy/two-nodes.sh</c> starts the built server twice with the
/// documented settings on one PostgreSQL database and one cold directory, behind nginx (Debian's, which test.sh installs).
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Process")]
public sealed class TwoNodesBehindProxyTests
{
    [Fact]
    public async Task Both_nodes_answer_through_the_proxy_share_one_database_recover_when_postgres_returns_and_the_proxy_skips_a_killed_node()
    {
        var database = PostgresServer.NewDatabase();
        var cold = TempDirectory.Create("proxy-cold");
        var state = TempDirectory.Create("proxy-state");
        int nodeA = FreePort(), nodeB = FreePort(), proxyPort = FreePort();
        string[] settings = ["--Database:Provider", "Postgres", "--ConnectionStrings:Postgres", database];
        var cli = TempDirectory.Create("proxy-cli");
        var env = await OperatorCli.RunAsync(cli, [.. settings, "environment", "create", "--name", "behind a proxy"]);
        Assert.True(env.ExitCode == 0, env.Stderr);
        var (envId, token) = (env.Json.GetProperty("id").GetInt32(), env.Json.GetProperty("token").GetString()!);
        var key = (await OperatorCli.RunAsync(cli, [.. settings, "apikey", "create", "--name", "proxy", "--scopes", "session_recording:read"]))
            .Json.GetProperty("key").GetString()!;
        var script = new Dictionary<string, string>
        {
            ["POSTGRES"] = database,
            ["COLD_DIRECTORY"] = cold,
            ["SERVER"] = Path.Combine(AppContext.BaseDirectory, "Recordings.Web.dll"),
            ["NODE_PORTS"] = $"{nodeA} {nodeB}",
            ["PROXY_LISTEN"] = $"127.0.0.1:{proxyPort}",
            ["STATE_DIRECTORY"] = state,
        };
        try
        {
            var started = await RunScriptAsync("start", script);
            Assert.True(started.ExitCode == 0, started.Output);
            var proxy = new Uri($"http://127.0.0.1:{proxyPort}");
            Assert.Contains(proxy.ToString().TrimEnd('/'), started.Output);

            // nginx takes turns: requests through the proxy reach both nodes, and each answers the API.
            using var http = new HttpClient { BaseAddress = proxy };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var answeredBy = new HashSet<string>();
            for (var i = 0; i < 10; i++)
            {
                using var list = await http.GetAsync($"/api/projects/{envId}/session_recordings");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                answeredBy.Add(list.Headers.GetValues("X-Recordings-Node").Single());
            }
            Assert.Equal(new HashSet<string> { $"127.0.0.1:{nodeA}", $"127.0.0.1:{nodeB}" }, answeredBy);

            // A session recorded through the proxy (its batches spread over both nodes) is one recording on each node.
            await new RecordingSeeder(new HttpClient { BaseAddress = proxy }, token).ShopVisitAsync("through-the-proxy", clicks: 6);
            foreach (var node in new[] { nodeA, nodeB })
            {
                using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node}") };
                direct.DefaultRequestHeaders.Authorization = http.DefaultRequestHeaders.Authorization;
                var body = await (await direct.GetAsync($"/api/projects/{envId}/session_recordings")).Content.ReadAsStringAsync();
                Assert.Contains("\"through-the-proxy\"", body);
            }

            // PostgreSQL goes away (the database refuses connections, the nodes' sessions are ended): both nodes say so
            // on /healthz (503) and the API answers an error, never an empty list; when it is back they recover by
            // themselves, without a restart.
            await SetReachableAsync(database, false);
            var unhealthy = new HashSet<string>();
            await Eventually.TrueAsync(async () =>
            {
                using var health = await http.GetAsync("/healthz");
                if (health.StatusCode == HttpStatusCode.ServiceUnavailable) unhealthy.Add(health.Headers.GetValues("X-Recordings-Node").Single());
                return unhealthy.Count == 2;
            }, "both nodes answer 503 on /healthz through the proxy", 60);
            using (var during = await http.GetAsync($"/api/projects/{envId}/session_recordings"))
                Assert.True((int)during.StatusCode >= 500, $"{during.StatusCode}: {await during.Content.ReadAsStringAsync()}");
            // Ingestion cannot store a batch, so it acknowledges none (the SDK keeps it and retries).
            var refusedBatch = await Assert.ThrowsAsync<InvalidOperationException>(
                () => new RecordingSeeder(new HttpClient { BaseAddress = proxy }, token).ShopVisitAsync("during-the-outage"));
            Assert.Contains("Ingestion refused the batch: 5", refusedBatch.Message);
            await SetReachableAsync(database, true);
            var healthy = new HashSet<string>();
            await Eventually.TrueAsync(async () =>
            {
                using var health = await http.GetAsync("/healthz");
                if (health.StatusCode == HttpStatusCode.OK) healthy.Add(health.Headers.GetValues("X-Recordings-Node").Single());
                return healthy.Count == 2;
            }, "both nodes answer 200 on /healthz again", 60);
            var afterOutage = await (await http.GetAsync($"/api/projects/{envId}/session_recordings")).Content.ReadAsStringAsync();
            Assert.Contains("\"through-the-proxy\"", afterOutage);
            Assert.DoesNotContain("during-the-outage", afterOutage);

            // Node A killed: the proxy passes every request on to B (a refused connection is tried on the next node).
            Process.GetProcessById(int.Parse(await File.ReadAllTextAsync(Path.Combine(state, $"node-{nodeA}.pid")))).Kill();
            for (var i = 0; i < 10; i++)
            {
                using var list = await http.GetAsync($"/api/projects/{envId}/session_recordings");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                Assert.EndsWith($"127.0.0.1:{nodeB}", list.Headers.GetValues("X-Recordings-Node").Single());
                Assert.Contains("\"through-the-proxy\"", await list.Content.ReadAsStringAsync());
            }
        }
        finally
        {
            var stopped = await RunScriptAsync("stop", script);
            Assert.True(stopped.ExitCode == 0, stopped.Output);
        }
        // Stopped: nothing listens any more and no pid file is left.
        Assert.Empty(Directory.GetFiles(state, "*.pid"));
        foreach (var port in new[] { nodeB, proxyPort })
            await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync($"http://127.0.0.1:{port}/healthz"));
    }

    private static async Task SetReachableAsync(string connectionString, bool reachable)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ToString());
        await admin.OpenAsync();
        await using var allow = new NpgsqlCommand($"ALTER DATABASE {name} ALLOW_CONNECTIONS {reachable}", admin);
        await allow.ExecuteNonQueryAsync();
        if (reachable) return;
        await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", admin);
        end.Parameters.AddWithValue("name", name);
        await end.ExecuteNonQueryAsync();
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string verb, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "deploy", "two-nodes.sh"));
        info.ArgumentList.Add(verb);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recordings.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository (Recordings.sln) is not above the test binaries.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
