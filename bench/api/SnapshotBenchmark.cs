using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApiBench;

/// <summary>
/// A 30-minute recording made of the corpus sessions laid end to end (each tab keeps its window id), sent through
/// /ingest/batch; then its snapshots fetched through the API (list of sources, then each source) against reading
/// the same bytes from a file, hot and again after the archive job moved it to cold segments.
/// </summary>
internal static class SnapshotBenchmark
{
    private const long ThirtyMinutesMs = 30 * 60 * 1000;

    public sealed record Result(string Name, long Bytes, double ApiMs, double FileMs)
    {
        public double Ratio => ApiMs / FileMs;
    }

    public static async Task<List<Result>> RunAsync(string serverDll, string corpusDirectory, int rounds, TextWriter log)
    {
        var data = Directory.CreateTempSubdirectory("api-bench-snapshots-").FullName;
        try
        {
            var staticFiles = Directory.CreateDirectory(Path.Combine(data, "static")).FullName;
            await using var server = new ServerProcess(serverDll, data,
                new Dictionary<string, string> { ["Storage:ColdAfterSeconds"] = "0", ["Benchmark:StaticDirectory"] = staticFiles });
            var env = JsonDocument.Parse(await server.CommandAsync("environment", "create", "--name", "bench")).RootElement;
            var key = JsonDocument.Parse(await server.CommandAsync("apikey", "create", "--name", "bench", "--scopes", "session_recording:read"))
                .RootElement.GetProperty("key").GetString()!;
            await server.StartAsync();
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            var lines = ThirtyMinutes(corpusDirectory);
            log.WriteLine($"  recording: {lines.Count:N0} events over {(lines[^1].Timestamp - lines[0].Timestamp) / 60000.0:F1} min");
            await UploadAsync(http, env.GetProperty("token").GetString()!, lines);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var baseUrl = $"/api/projects/{env.GetProperty("id").GetInt32()}/session_recordings/bench-30min/snapshots";
            var results = new List<Result> { await MeasureAsync(http, baseUrl, "hot", gzip: false, rounds, data), await MeasureAsync(http, baseUrl, "hot", gzip: true, rounds, data) };
            await server.CommandAsync("jobs", "run", "archive-snapshots");
            // First, while no answer of the cold data is kept yet: its first fetch compresses again.
            var againstStatic = await AgainstStaticFileAsync(http, baseUrl, staticFiles, rounds);
            results.Add(await MeasureAsync(http, baseUrl, "cold", gzip: false, rounds, data));
            results.Add(await MeasureAsync(http, baseUrl, "cold", gzip: true, rounds, data));
            foreach (var r in results)
                log.WriteLine($"  {r.Name}: {r.Bytes / 1e6:F1} MB, API median {r.ApiMs:F1} ms, file median {r.FileMs:F1} ms, ratio {r.Ratio:F1}");
            foreach (var line in againstStatic) log.WriteLine(line);
            return results;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<Result> MeasureAsync(HttpClient http, string url, string where, bool gzip, int rounds, string data)
    {
        var apiTimes = new List<double>();
        byte[] bytes = [];
        for (var i = 0; i < rounds + 1; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = await FetchAllAsync(http, url, gzip);
            if (i > 0) apiTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        // The baseline: the same bytes, read from a file of their own (warm in the page cache, as the database is).
        var file = Path.Combine(data, $"baseline-{where}-{gzip}.bin");
        await File.WriteAllBytesAsync(file, bytes);
        var fileTimes = new List<double>();
        for (var i = 0; i < rounds + 1; i++)
        {
            var watch = Stopwatch.StartNew();
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
                await stream.CopyToAsync(Stream.Null);
            if (i > 0) fileTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        return new Result($"{where}, {(gzip ? "gzip" : "identity")}", bytes.Length, Median(apiTimes), Median(fileTimes));
    }

    /// <summary>
    /// One cold segment, and every source in one blob_v2 range (as PostHog's player asks), gzip, against the same bytes
    /// served as a static file by the same server. The first fetch compresses the lines again as one gzip member
    /// (every gzip client gets one member); the answer is then kept in memory, and the later fetches are timed.
    /// </summary>
    private static async Task<List<string>> AgainstStaticFileAsync(HttpClient http, string url, string staticFiles, int rounds)
    {
        var report = new List<string>();
        var keys = JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("sources").EnumerateArray()
            .Select(s => s.GetProperty("blob_key").GetString()!).ToList();
        var parts = new List<(string, string)> { ("cold segment 0", $"{url}?source=blob_v2&blob_key={keys[0]}") };
        // With one segment the range is that segment (the same kept answer), so it is measured only with several.
        if (keys.Count > 1) parts.Add(($"cold, all {keys.Count} segments as one range", $"{url}?source=blob_v2&start_blob_key={keys[0]}&end_blob_key={keys[^1]}"));
        foreach (var (name, part) in parts)
        {
            var watch = Stopwatch.StartNew();
            var bytes = await GetAsync(http, part);
            var firstMs = watch.Elapsed.TotalMilliseconds;
            var file = $"{Guid.NewGuid():N}.gz";
            await File.WriteAllBytesAsync(Path.Combine(staticFiles, file), bytes);
            await GetAsync(http, "/bench-static/" + file);
            List<double> apiTimes = [], fileTimes = [];
            for (var i = 0; i < rounds; i++)
            {
                watch.Restart();
                var api = await GetAsync(http, part);
                apiTimes.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                var plain = await GetAsync(http, "/bench-static/" + file);
                fileTimes.Add(watch.Elapsed.TotalMilliseconds);
                if (!api.AsSpan().SequenceEqual(bytes) || !plain.AsSpan().SequenceEqual(bytes)) throw new InvalidOperationException($"{name}: the answers differ");
            }
            report.Add($"  {name}, gzip (one member): {bytes.Length / 1e6:F1} MB, first fetch {firstMs:F1} ms (compressed again), " +
                $"then API median {Median(apiTimes):F1} ms, the same bytes as a static file of this server median {Median(fileTimes):F1} ms, " +
                $"ratio {Median(apiTimes) / Median(fileTimes):F2} (target <= 2); first fetch / static file {firstMs / Median(fileTimes):F1}");
        }
        return report;
    }

    private static async Task<byte[]> GetAsync(HttpClient http, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The two steps a player takes: the list of sources, then each source's bytes as sent.</summary>
    private static async Task<byte[]> FetchAllAsync(HttpClient http, string url, bool gzip)
    {
        var sources = JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("sources");
        using var all = new MemoryStream();
        foreach (var s in sources.EnumerateArray())
        {
            var part = $"{url}?source={s.GetProperty("source").GetString()}"
                + (s.GetProperty("blob_key").GetString() is { } key ? "&blob_key=" + Uri.EscapeDataString(key) : "");
            using var request = new HttpRequestMessage(HttpMethod.Get, part);
            if (gzip) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(all);
        }
        return all.ToArray();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed record Line(string Window, long Timestamp, JsonObject Event);

    /// <summary>Corpus sessions one after another (a second apart) until 30 minutes are filled, timestamps made contiguous.</summary>
    private static List<Line> ThirtyMinutes(string corpusDirectory)
    {
        var result = new List<Line>();
        // On the real clock, ending a minute ago: ingestion accepts events of the last three days only.
        var cursor = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ThirtyMinutesMs - 60_000;
        var end = cursor + ThirtyMinutesMs;
        var files = Directory.GetFiles(corpusDirectory, "session-*.jsonl.gz").Order().ToList();
        for (var round = 0; cursor < end; round++)
            foreach (var file in files)
            {
                if (cursor >= end) break;
                var session = Read(file);
                var first = session.Min(l => l.Timestamp);
                foreach (var l in session)
                {
                    var at = cursor + l.Timestamp - first;
                    if (at > end) continue;
                    l.Event["timestamp"] = at;
                    result.Add(new Line($"{l.Window}-{round}", at, l.Event));
                }
                cursor += session.Max(l => l.Timestamp) - first + 1000;
            }
        return result;
    }

    private static List<Line> Read(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        var lines = new List<Line>();
        while (reader.ReadLine() is { Length: > 0 } text)
        {
            var pair = JsonNode.Parse(text)!.AsArray();
            var e = pair[1]!.AsObject();
            lines.Add(new Line(pair[0]!.GetValue<string>(), e["timestamp"]!.GetValue<long>(), e));
        }
        return lines;
    }

    /// <summary>Per tab, batches of up to 50 events or 3 MB, gzip; sent_at on the recording's clock puts its end at now.</summary>
    private static async Task UploadAsync(HttpClient http, string token, List<Line> lines)
    {
        var end = lines.Max(l => l.Timestamp) + 1000;
        var sequences = new Dictionary<string, long>();
        foreach (var window in lines.GroupBy(l => l.Window))
        {
            var batch = new List<Line>();
            var bytes = 0;
            foreach (var l in window.Append(null))
            {
                var size = l?.Event.ToJsonString().Length ?? 0;
                if (batch.Count > 0 && (l is null || batch.Count == 50 || bytes + size > 3_000_000))
                {
                    var sequence = sequences[window.Key] = sequences.GetValueOrDefault(window.Key) + 1;
                    var body = new JsonObject
                    {
                        ["token"] = token, ["session_id"] = "bench-30min", ["window_id"] = window.Key, ["sequence"] = sequence, ["sent_at"] = end,
                        ["snapshots"] = new JsonArray([.. batch.Select(b => b.Event.DeepClone())]),
                    };
                    using var content = new ByteArrayContent(Gzip(Encoding.UTF8.GetBytes(body.ToJsonString())));
                    content.Headers.ContentEncoding.Add("gzip");
                    (await http.PostAsync("/ingest/batch", content)).EnsureSuccessStatusCode();
                    batch.Clear();
                    bytes = 0;
                }
                if (l is null) break;
                batch.Add(l);
                bytes += size;
            }
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }
}
