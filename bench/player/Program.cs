using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PlayerBench;

// The player benchmark: a 30-minute recording in the real server (mostly cold segments, the end still hot), opened
// in the dashboard's player in Chromium, against the same events loaded from one static file into the same
// rrweb-player. Usage: PlayerBench --url URL --token TOKEN --corpus DIR --data DIR --server-dll PATH [--runs N]
// [--profile DIR [--no-cpu 1]] [--trace DIR]: also write each page's resource timings and performance marks (and, unless
// --no-cpu, a Chromium CPU profile), or a Chromium trace of every thread, to DIR, to see where the time goes. Both slow
// the pages down: figures measured with them are not results.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--")).ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var server = new Uri(options["url"]);
var runs = int.Parse(options.GetValueOrDefault("runs", "3"));
using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };

var events = Recording.Build(options["corpus"], TimeSpan.FromMinutes(30));
var session = Guid.NewGuid().ToString();
const string window = "bench-window";
var rawBytes = events.Sum(e => (long)e.ToJsonString().Length);
Console.WriteLine($"recording: {events.Count} events, {(events[^1]["timestamp"]!.GetValue<long>() - events[0]["timestamp"]!.GetValue<long>()) / 60000.0:0.0} min, {rawBytes / 1e6:0.0} MB raw rrweb JSON");

await Post("/ingest/session", new JsonObject { ["token"] = options["token"], ["session_id"] = session, ["window_id"] = window });
var sequence = 0;
async Task Ingest(IEnumerable<JsonObject> part)
{
    foreach (var batch in part.Chunk(400))
        await Post("/ingest/batch", new JsonObject
        {
            ["token"] = options["token"], ["session_id"] = session, ["window_id"] = window, ["sequence"] = sequence++,
            ["sent_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["events"] = new JsonArray(),
            ["snapshots"] = new JsonArray(batch.Select(e => (JsonNode)e.DeepClone()).ToArray()),
        });
}
var hotTail = events.Count - 300;
await Ingest(events.Take(hotTail));
var archive = Process.Start(new ProcessStartInfo("dotnet", [options["server-dll"], "jobs", "run", "archive-snapshots", "--DataDirectory", options["data"]])
    { RedirectStandardOutput = true, Environment = { ["Storage__ColdAfterSeconds"] = "0" } })!;
Console.WriteLine($"archive: {(await archive.StandardOutput.ReadToEndAsync()).Trim()}");
await archive.WaitForExitAsync();
await Ingest(events.Skip(hotTail));

// The admin signs in once; the static baseline gets exactly the bytes the server serves.
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium", Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
var admin = await context.NewPageAsync();
await admin.GotoAsync(new Uri(server, "/setup").ToString());
await admin.FillAsync("#email", "bench@example.com");
await admin.FillAsync("#password", "benchmark password");
await admin.FillAsync("#confirm", "benchmark password");
await admin.ClickAsync("main button[type=submit]");
await admin.WaitForURLAsync("**/environments");
var playerPath = $"/environments/1/recordings/{session}";
var jsonl = await admin.EvaluateAsync<string>(@"async (base) => {
    const list = await (await fetch(base)).json();
    let text = '';
    for (const s of list.sources) text += await (await fetch(base + '?source=' + s.source + (s.blob_key ? '&blob_key=' + encodeURIComponent(s.blob_key) : ''))).text();
    return JSON.stringify({ sources: list.sources.length, text });
}", $"/dashboard/environments/1/recordings/{session}/snapshots");
var fetched = JsonNode.Parse(jsonl)!;
var staticText = fetched["text"]!.GetValue<string>();
Console.WriteLine($"sources: {fetched["sources"]} (cold segments + realtime); {staticText.Length / 1e6:0.0} MB as JSON lines");

await using var site = await StaticSite.StartAsync(server, staticText);
var ours = new List<Timing>();
var baseline = new List<Timing>();
for (var run = 0; run < runs; run++)
{
    baseline.Add(await Measure(site.Url("/index.html"), false));
    ours.Add(await Measure(new Uri(server, playerPath).ToString(), true));
}

static double Median(IEnumerable<double> values) { var v = values.Order().ToList(); return v[v.Count / 2]; }
var (oFirst, oFull, oSeek) = (Median(ours.Select(t => t.FirstFrame)), Median(ours.Select(t => t.Loaded)), Median(ours.Select(t => t.Seek)));
var (bFirst, bFull, bSeek) = (Median(baseline.Select(t => t.FirstFrame)), Median(baseline.Select(t => t.Loaded)), Median(baseline.Select(t => t.Seek)));
Console.WriteLine($"runs: {runs} each, medians, ms from navigation start");
Console.WriteLine($"| | first frame ms | fully loaded ms | seek to 25:00 ms |");
Console.WriteLine($"|---|---|---|---|");
Console.WriteLine($"| dashboard player (two-step snapshots API) | {oFirst:0} | {oFull:0} | {oSeek:0} |");
Console.WriteLine($"| baseline: same events from one static file, same rrweb-player | {bFirst:0} | {bFull:0} | {bSeek:0} |");
Console.WriteLine($"| ratio (player / baseline) | {oFirst / bFirst:0.00} | {oFull / bFull:0.00} | {oSeek / bSeek:0.00} |");
var (oReady, oMark) = (Median(ours.Select(t => t.ReadyMark)), Median(ours.Select(t => t.LoadedMark)));
var (bReady, bMark) = (Median(baseline.Select(t => t.ReadyMark)), Median(baseline.Select(t => t.LoadedMark)));
Console.WriteLine($"page marks alone (data-ready / data-loaded, ms; the baseline's come before its first page is drawn): " +
    $"player {oReady:0} / {oMark:0}, baseline {bReady:0} / {bMark:0}, ratio {oReady / bReady:0.00} / {oMark / bMark:0.00}");
Console.WriteLine($"server CPU per page load, ms (the Recordings server; for the baseline this process, which serves the static file): " +
    $"player {Median(ours.Select(t => t.ServerCpu)):0}, baseline {Median(baseline.Select(t => t.ServerCpu)):0}");
Console.WriteLine("each run, fully loaded player / baseline ms: " + string.Join(", ", ours.Zip(baseline, (o, b) => $"{o.Loaded:0} / {b.Loaded:0}")));
return 0;

async Task<Timing> Measure(string url, bool ourPlayer)
{
    var page = await context.NewPageAsync();
    var serverCpuBefore = ServerCpu(ourPlayer);
    // The page's own marks (data-ready: the player exists; data-loaded: every event handed to it), and, the same probe
    // on both pages, the first animation frame in which the replay iframe holds the recorded page: rrweb-player only
    // draws its first page in a timer after it is created, so data-ready alone can come before anything is shown.
    await page.AddInitScriptAsync(@"new MutationObserver(() => {
        const root = document.getElementById('player-root');
        if (!root) return;
        if (root.hasAttribute('data-ready') && !window.__ready) window.__ready = performance.now();
        if (root.hasAttribute('data-loaded') && !window.__loaded) window.__loaded = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true });
    (function frame() {
        const iframe = document.querySelector('.replayer-wrapper iframe');
        const body = iframe && iframe.contentDocument && iframe.contentDocument.body;
        if (body && body.childElementCount > 0) window.__frame = performance.now();
        else requestAnimationFrame(frame);
    })();");
    var profile = options.GetValueOrDefault("profile");
    ICDPSession? cdp = null;
    if (profile is not null)
    {
        cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Profiler.enable");
        await cdp.SendAsync("Profiler.setSamplingInterval", new() { ["interval"] = 200 });
        if (!options.ContainsKey("no-cpu")) await cdp.SendAsync("Profiler.start");
    }
    var trace = options.GetValueOrDefault("trace");
    var traceEvents = new List<string>();
    var traceDone = new TaskCompletionSource();
    ICDPSession? tracing = null;
    if (trace is not null)
    {
        tracing = await page.Context.NewCDPSessionAsync(page);
        tracing.Event("Tracing.dataCollected").OnEvent += (_, e) => traceEvents.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.GetRawText()));
        tracing.Event("Tracing.tracingComplete").OnEvent += (_, _) => traceDone.TrySetResult();
        await tracing.SendAsync("Tracing.start", new()
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new Dictionary<string, object> { ["includedCategories"] = new[] { "devtools.timeline", "v8", "toplevel", "blink", "loading" } },
        });
    }
    await page.GotoAsync(url);
    await page.WaitForFunctionAsync("() => window.__loaded && window.__frame", null, new() { Timeout = 120_000, PollingInterval = 20 });
    if (tracing is not null)
    {
        await tracing.SendAsync("Tracing.end");
        await traceDone.Task;
        Directory.CreateDirectory(trace!);
        await File.WriteAllTextAsync(Path.Combine(trace!, (ourPlayer ? "player" : "baseline") + "-" + DateTime.UtcNow.Ticks + ".json"), "[" + string.Join(",", traceEvents) + "]");
    }
    if (cdp is not null)
    {
        var cpu = options.ContainsKey("no-cpu") ? null : await cdp.SendAsync("Profiler.stop");
        var name = (ourPlayer ? "player" : "baseline") + "-" + DateTime.UtcNow.Ticks;
        Directory.CreateDirectory(profile!);
        if (cpu is not null) await File.WriteAllTextAsync(Path.Combine(profile!, name + ".cpuprofile"), cpu.Value.GetProperty("profile").GetRawText());
        await File.WriteAllTextAsync(Path.Combine(profile!, name + ".timing.json"), await page.EvaluateAsync<string>(
            "() => JSON.stringify({ frame: window.__frame, ready: window.__ready, loaded: window.__loaded, nav: performance.getEntriesByType('navigation'), resources: performance.getEntriesByType('resource'), marks: performance.getEntriesByType('mark').concat(performance.getEntriesByType('measure')) })"));
    }
    var ready = await page.EvaluateAsync<double>("() => window.__ready");
    var loaded = await page.EvaluateAsync<double>("() => window.__loaded");
    var frame = await page.EvaluateAsync<double>("() => window.__frame");
    var serverCpu = (ServerCpu(ourPlayer) - serverCpuBefore).TotalMilliseconds;
    var seek = await page.EvaluateAsync<double>(@"() => { const p = window.RecordingsPlayer.player; const t0 = performance.now(); p.goto(25 * 60 * 1000, false); return performance.now() - t0; }");
    await page.CloseAsync();
    return new Timing(frame, Math.Max(frame, loaded), seek, ready, loaded, serverCpu);
}

// User plus system time of the server process (from /proc, in clock ticks of 10 ms), or of this process.
TimeSpan ServerCpu(bool recordingsServer)
{
    if (!recordingsServer) return Process.GetCurrentProcess().TotalProcessorTime;
    var fields = File.ReadAllText($"/proc/{options["server-pid"]}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
}

async Task Post(string path, JsonObject body)
{
    using var buffer = new MemoryStream();
    using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(body.ToJsonString()));
    var content = new ByteArrayContent(buffer.ToArray());
    content.Headers.ContentType = new("application/json");
    content.Headers.ContentEncoding.Add("gzip");
    using var response = await http.PostAsync(path, content);
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}

/// <summary>FirstFrame: the recorded page on screen; Loaded: that and every event in the player (the later of the
/// two); ReadyMark and LoadedMark: the page's data-ready and data-loaded attributes alone; ServerCpu: CPU time the
/// serving process spent while the page loaded (the Recordings server, or this process for the static file).</summary>
internal sealed record Timing(double FirstFrame, double Loaded, double Seek, double ReadyMark, double LoadedMark, double ServerCpu);
