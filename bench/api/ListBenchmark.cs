using System.Net.Http.Headers;
using System.Text.Json;

namespace ApiBench;

/// <summary>The list endpoint over an environment holding <c>size</c> recordings.</summary>
internal static class ListBenchmark
{
    public static async Task<List<Latency.Result>> RunAsync(string serverDll, int size, int requests, TextWriter log)
    {
        var data = Directory.CreateTempSubdirectory("api-bench-list-").FullName;
        try
        {
            await using var server = new ServerProcess(serverDll, data);
            var env = JsonDocument.Parse(await server.CommandAsync("environment", "create", "--name", "bench")).RootElement.GetProperty("id").GetInt32();
            var key = JsonDocument.Parse(await server.CommandAsync("apikey", "create", "--name", "bench", "--scopes", "session_recording:read"))
                .RootElement.GetProperty("key").GetString()!;
            var seeded = RecordingRows.Seed(Path.Combine(data, "recordings.db"), env, size);
            log.WriteLine($"  seeded {size:N0} recordings in {seeded.TotalSeconds:F1} s");
            await server.StartAsync();
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var list = $"/api/projects/{env}/session_recordings";
            // 200 ids spread over the table, asked for as PostHog's clients do (a JSON array), answered in that order.
            var ids = Uri.EscapeDataString(JsonSerializer.Serialize(Enumerable.Range(0, 200).Select(i => $"bench-{(long)i * size / 200:D8}")));
            (string Name, string Url)[] cases =
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
            var results = new List<Latency.Result>();
            foreach (var (name, url) in cases)
            {
                var r = await Latency.MeasureAsync(http, name, url, requests, warmup: 100, () => server.CpuTime);
                log.WriteLine($"  {name}: p50 {r.P50:F2} ms, p95 {r.P95:F2} ms, max {r.Max:F2} ms, first request {r.First:F2} ms, server CPU {r.ServerCpuMs:F2} ms/request");
                results.Add(r);
            }
            return results;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
