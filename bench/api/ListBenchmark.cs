using System.Net.Http.Headers;
using System.Text.Json;

namespace ApiBench;

/// <summary>The list endpoint over an environment holding <c>size</c> recordings, on SQLite or on PostgreSQL.</summary>
internal static class ListBenchmark
{
    /// <summary>The timings of each case; on PostgreSQL also the plans of the SQL each case sends (<see cref="QueryPlans"/>).</summary>
    public sealed record Run(List<Latency.Result> Results, List<(string Case, string Log)> Plans);

    public static async Task<Run> RunAsync(string serverDll, int size, int requests, TextWriter log, PostgresServer? postgres = null)
    {
        var data = Directory.CreateTempSubdirectory("api-bench-list-").FullName;
        try
        {
            var database = $"bench_{size}";
            var settings = postgres is null ? null : new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Postgres"] = postgres.NewDatabase(database),
            };
            var server = new ServerProcess(serverDll, data, settings);
            var env = JsonDocument.Parse(await server.CommandAsync("environment", "create", "--name", "bench")).RootElement.GetProperty("id").GetInt32();
            var key = JsonDocument.Parse(await server.CommandAsync("apikey", "create", "--name", "bench", "--scopes", "session_recording:read"))
                .RootElement.GetProperty("key").GetString()!;
            var seeded = postgres is null
                ? RecordingRows.SeedSqlite(Path.Combine(data, "recordings.db"), env, size)
                : await RecordingRows.SeedPostgresAsync(settings!["ConnectionStrings:Postgres"], env, size);
            log.WriteLine($"  seeded {size:N0} recordings in {seeded.TotalSeconds:F1} s");
            var cases = Cases(env, size);
            var results = new List<Latency.Result>();
            await using (server)
            {
                await server.StartAsync();
                using var http = Client(server, key);
                foreach (var (name, url) in cases)
                {
                    var r = await Latency.MeasureAsync(http, name, url, requests, warmup: 100, () => server.CpuTime, postgres is null ? null : () => postgres.CpuTime);
                    var onDatabase = postgres is null ? "" : $", PostgreSQL CPU {r.DatabaseCpuMs:F2} ms/request";
                    log.WriteLine($"  {name}: p50 {r.P50:F2} ms, p95 {r.P95:F2} ms, max {r.Max:F2} ms, first request {r.First:F2} ms, server CPU {r.ServerCpuMs:F2} ms/request{onDatabase}");
                    results.Add(r);
                }
            }
            var plans = new List<(string, string)>();
            if (postgres is not null)
            {
                // A fresh server (its count cache empty) on connections that log every plan: each case's first request
                // sends every statement the list can send (the count too), the second shows the warm plans.
                postgres.ExplainEveryStatement(database);
                await using var explained = new ServerProcess(serverDll, data, settings);
                await explained.StartAsync();
                using var http = Client(explained, key);
                foreach (var (name, url) in cases)
                {
                    var offset = postgres.LogLength;
                    await Latency.TimeAsync(http, url);
                    await Latency.TimeAsync(http, url);
                    plans.Add((name, postgres.LogSince(offset)));
                }
            }
            return new Run(results, plans);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static HttpClient Client(ServerProcess server, string key)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static (string Name, string Url)[] Cases(int env, int size)
    {
        var list = $"/api/projects/{env}/session_recordings";
        // 200 ids spread over the table, asked for as PostHog's clients do (a JSON array), answered in that order.
        var ids = Uri.EscapeDataString(JsonSerializer.Serialize(Enumerable.Range(0, 200).Select(i => $"bench-{(long)i * size / 200:D8}")));
        return
        [
            ("default (PostHog's date_from=-3d, newest first, limit 100)", list),
            ("date_from=all (every recording, newest first)", list + "?date_from=all"),
            ("page 11 (offset 1000, date_from=all)", list + "?date_from=all&offset=1000"),
            ("date_from=-7d", list + "?date_from=-7d"),
            ("order=-duration (date_from=all)", list + "?date_from=all&order=-duration"),
            ("has_console_errors=true&order=-console_error_count (date_from=all)", list + "?date_from=all&has_console_errors=true&order=-console_error_count"),
            ("distinct_id=user-7", list + "?distinct_id=user-7&date_from=all"),
            ("200 session_ids (order given)", list + "?session_ids=" + ids),
        ];
    }
}
