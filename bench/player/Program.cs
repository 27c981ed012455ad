using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PlayerBench;

// The player benchmark: a 30-minute recording in the real server (mostly cold segments, the end still hot), opened
// in the dashboard's player in Chromium, against the same events loaded from one static file into the same
// rrweb-player; and a 6-hour recording (the corpus end to end about 12 times, several cold segments and a hot tail) in
// the same run: its first frame against the 30-minute one's, and seeks in it once loaded. Usage: PlayerBench --url URL --token TOKEN --corpus DIR --data DIR --server-dll PATH [--runs N]
// [--profile DIR [--no-cpu 1]] [--trace DIR]: also write each page's resource timings and performance marks (and, unless
// --no-cpu, a Chromium CPU profile), or a Chromium trace of every thread, to DIR, to see where the time goes. Both slow
// the pages down: figures measured with them are not results.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--")).ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var server = new Uri(options["url"]);
var runs = int.Parse(options.GetValueOrDefault("runs", "3"));
using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };

var recording = Recording.Build(options["corpus"], TimeSpan.FromMinutes(30));
var longRecording = Recording.Build(options["corpus"], TimeSpan.FromHours(6));
var session = Guid.NewGuid().ToString();
var longSession = Guid.NewGuid().ToString();
const string window = "bench-window";
const int hotTail = 300;

foreach (var id in new[] { session, longSession })
    await Post("/ingest/session", new JsonObject { ["token"] = options["token"], ["session_id"] = id, ["window_id"] = window });
var sequences = new Dictionary<string, int>();
// Posts the events in batches of 400, as the SDK sends them; returns their raw rrweb JSON bytes.
async Task<long> Ingest(string id, IEnumerable<string> lines)
{
    long bytes = 0;
    foreach (var batch in lines.Chunk(400))
    {
        bytes += batch.Sum(l => (long)l.Length);
        var sequence = sequences.GetValueOrDefault(id);
        sequences[id] = sequence + 1;
        var body = new StringBuilder(new JsonObject
        {
            ["token"] = options["token"], ["session_id"] = id, ["window_id"] = window, ["sequence"] = sequence,
            ["sent_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["events"] = new JsonArray(),
        }.ToJsonString().TrimEnd('}'));
        body.Append(",\"snapshots\":[").AppendJoin(',', batch).Append("]}");
        await PostJson("/ingest/batch", body.ToString());
    }
    return bytes;
}
// Both recordings but their last 300 events go cold with the real archive job (segments of up to Storage:SegmentBytes,
// so the 6-hour one gets several); the last 300 events are the hot tail, read from the database.
var ingestWatch = Stopwatch.StartNew();
var rawBytes = await Ingest(session, recording.Lines().Take(recording.Count - hotTail));
var longRawBytes = await Ingest(longSession, longRecording.Lines().Take(longRecording.Count - hotTail));
var archive = Process.Start(new ProcessStartInfo("dotnet", [options["server-dll"], "jobs", "run", "archive-snapshots", "--DataDirectory", options["data"]])
    { RedirectStandardOutput = true, Environment = { ["Storage__ColdAfterSeconds"] = "0" } })!;
Console.WriteLine($"archive: {(await archive.StandardOutput.ReadToEndAsync()).Trim()}");
await archive.WaitForExitAsync();
rawBytes += await Ingest(session, recording.Lines().Skip(recording.Count - hotTail));
longRawBytes += await Ingest(longSession, longRecording.Lines().Skip(longRecording.Count - hotTail));
Console.WriteLine($"recording: {recording.Count} events, {recording.DurationMs / 60000.0:0.0} min, {rawBytes / 1e6:0.0} MB raw rrweb JSON");
Console.WriteLine($"long recording: {longRecording.Count} events, {longRecording.DurationMs / 3600000.0:0.00} h, {longRawBytes / 1e6:0.0} MB raw rrweb JSON " +
    $"(the corpus end to end {longRecording.Plays:0.0} times; both ingested in {ingestWatch.Elapsed.TotalSeconds:0} s)");

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
Console.WriteLine($"sources: {fetched["sources"]} (cold segments + the hot part); {staticText.Length / 1e6:0.0} MB as JSON lines");

await using var site = await StaticSite.StartAsync(server, staticText);
var longKeys = await admin.EvaluateAsync<string[]>(@"async (url) => (await (await fetch(url)).json()).sources.map(s => s.blob_key)",
    $"/dashboard/environments/1/recordings/{longSession}/snapshots");
var hotKeys = longKeys.Count(k => long.Parse(k) >= 1_000_000_000); // the hot part's key (SnapshotSource.HotKeyBase + n)
Console.WriteLine($"long recording's sources: {longKeys.Length - hotKeys} cold segments + {hotKeys} hot part");

// Seeks once loaded, in this order, each from where the one before left the player (a "from the start" one goes back
// to the first frame first, untimed). The 6-hour recording is the corpus played end to end again and again, so
// 25:00 into its 11th pass is the very point 25:00 is in the 30-minute recording: the same seek in a recording 12 times
// as long, which tells what the length alone costs.
var longD = longRecording.DurationMs;
var pass = longRecording.PassMs;
SeekPoint[] longSeeks =
[
    new("10%", longD / 10), new("50%", longD / 2), new("90%", longD * 9 / 10), new("last minute (60 s before the end)", longD - 60_000),
    new("25%, back from there", longD / 4), new($"25:00 into the 11th pass ({(10 * pass + 1_500_000) / 60000.0:0.0} min), from the start", 10 * pass + 1_500_000, true),
];
// The 6-hour recording's last minute is this far into a pass of the corpus: the 30-minute recording and the baseline
// seek there too (the same recorded page at the same moment), to tell the content's cost from the length's.
var lastMinuteInPass = (longD - 60_000) % pass;
SeekPoint[] shortSeeks = [new("25:00, from the start", 1_500_000, true),
    new($"{lastMinuteInPass / 60000.0:0.0} min, where the 6-hour recording's last minute is in its pass, from the start", lastMinuteInPass, true)];
var ours = new List<Timing>();
var baseline = new List<Timing>();
var longs = new List<Timing>();
for (var run = 0; run < runs; run++)
{
    baseline.Add(await Measure(site.Url("/index.html"), false, shortSeeks));
    // The two recordings alternate which goes first, so neither always follows the other.
    if (run % 2 == 1) longs.Add(await Measure(new Uri(server, $"/environments/1/recordings/{longSession}").ToString(), true, longSeeks));
    ours.Add(await Measure(new Uri(server, playerPath).ToString(), true, shortSeeks));
    if (run % 2 == 0) longs.Add(await Measure(new Uri(server, $"/environments/1/recordings/{longSession}").ToString(), true, longSeeks));
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

var (lFirst, lFull) = (Median(longs.Select(t => t.FirstFrame)), Median(longs.Select(t => t.LoadedMark)));
Console.WriteLine();
Console.WriteLine($"the 6-hour recording in the dashboard player, same run ({runs} page loads each, medians, ms from navigation start):");
Console.WriteLine($"| | first frame ms | fully loaded (data-loaded) ms |");
Console.WriteLine($"|---|---|---|");
Console.WriteLine($"| 30-minute recording | {oFirst:0} | {oMark:0} |");
Console.WriteLine($"| 6-hour recording | {lFirst:0} | {lFull:0} |");
Console.WriteLine($"| ratio (6 h / 30 min) | {lFirst / oFirst:0.00} (target ≤ 1.2: {(lFirst / oFirst <= 1.2 ? "met" : "NOT met")}) | {lFull / oMark:0.00} |");
Console.WriteLine("each run, first frame 30 min / 6 h ms: " + string.Join(", ", ours.Zip(longs, (o, l) => $"{o.FirstFrame:0} / {l.FirstFrame:0}")));
Console.WriteLine($"server CPU per page load of the 6-hour recording, ms: {Median(longs.Select(t => t.ServerCpu)):0}");
Console.WriteLine($"seeks once loaded (the dashboard's own seek, as the scrubber, markers and keys use it, from the call to the next animation frame after it; target ≤ 200 ms):");
Console.WriteLine($"| recording | seek to | median ms | each run ms | target ≤ 200 ms |");
Console.WriteLine($"|---|---|---|---|---|");
foreach (var (name, points, timings) in new[] { ("baseline, 30 min (rrweb-player's goto)", shortSeeks, baseline), ("30 min", shortSeeks, ours), ("6 h", longSeeks, longs) })
    for (var i = 0; i < points.Length; i++)
    {
        var each = timings.Select(t => t.Seeks![i]).ToList();
        Console.WriteLine($"| {name} | {points[i].Name} | {Median(each):0} | {string.Join(", ", each.Select(v => v.ToString("0")))} | " +
            $"{(each.Max() <= 200 ? "met" : Median(each) <= 200 ? "median met, not every run" : "NOT met")} |");
    }
var rebuilds = baseline.Select(t => t.Rebuild!).ToList();
Console.WriteLine($"bare build of the page of the last full snapshot before {shortSeeks[1].AtMs / 60000.0:0.0} min (the 6-hour recording's last minute; " +
    $"{rebuilds[0][0] / 1e6:0.0} MB of JSON, {rebuilds[0][1]:0} elements), rrweb's rebuildFullSnapshot alone, in the baseline page, median of 3 per load: " +
    $"{Median(rebuilds.Select(r => r[2])):0} ms to build, {Median(rebuilds.Select(r => r[3])):0} ms to the next frame (each load: " +
    string.Join(", ", rebuilds.Select(r => $"{r[2]:0} / {r[3]:0}")) + ")");
return 0;

async Task<Timing> Measure(string url, bool ourPlayer, SeekPoint[]? seeks = null)
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
    await page.WaitForFunctionAsync("() => window.__frame", null, new() { Timeout = 120_000, PollingInterval = 20 });
    await page.WaitForFunctionAsync("() => window.__loaded", null, new() { Timeout = 600_000, PollingInterval = 20 });
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
    // The rrweb-player's own goto (as the baseline page can do it), then the dashboard's seeks.
    var seek = await page.EvaluateAsync<double>(@"() => { const p = window.RecordingsPlayer.player; const t0 = performance.now(); p.goto(25 * 60 * 1000, false); return performance.now() - t0; }");
    double[]? seekTimes = null;
    if (seeks is not null)
    {
        if (cdp is not null && !options.ContainsKey("no-cpu")) await cdp.SendAsync("Profiler.start");
        // Each seek (the dashboard's own, as its scrubber, markers and keys use it) is timed until the next animation
        // frame after it has been applied; the replayer must then stand at
        // the point with a page on screen.
        var result = await page.EvaluateAsync<double[][]>(@"async (points) => {
            const R = window.RecordingsPlayer;
            const go = R.seek || (at => R.player.goto(at, false)); // the baseline page has rrweb-player alone
            const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
            const out = [];
            for (const [at, fromStart] of points) {
                if (fromStart) { go(0); await frame(); }
                const t0 = performance.now();
                go(at);
                await frame();
                const ms = performance.now() - t0;
                const body = document.querySelector('.replayer-wrapper iframe').contentDocument.body;
                out.push([ms, R.player.getReplayer().getCurrentTime() - at, body ? body.childElementCount : 0]);
            }
            return out;
        }", seeks.Select(p => new object[] { p.AtMs, p.FromStart }).ToArray());
        if (cdp is not null && !options.ContainsKey("no-cpu"))
        {
            var cpu = await cdp.SendAsync("Profiler.stop");
            await File.WriteAllTextAsync(Path.Combine(profile!, $"seeks-{(ourPlayer ? "player" : "baseline")}-{seeks.Length}-{DateTime.UtcNow.Ticks}.cpuprofile"), cpu!.Value.GetProperty("profile").GetRawText());
        }
        foreach (var (r, i) in result.Select((r, i) => (r, i)))
            if (Math.Abs(r[1]) > 1000 || r[2] == 0)
                throw new InvalidOperationException($"the seek to {seeks[i].Name} landed {r[1]:0} ms off, with {r[2]} elements in the replay's body");
        seekTimes = [.. result.Select(r => r[0])];
    }
    // On the baseline page: the bare cost of building the page of the last full snapshot before the second short seek
    // point (rrweb's rebuildFullSnapshot alone, no events after it), the floor of any seek that lands on that page.
    double[]? rebuild = null;
    if (!ourPlayer && seeks is { Length: > 1 })
        rebuild = await page.EvaluateAsync<double[]>(@"async (at) => {
            const rep = window.RecordingsPlayer.player.getReplayer();
            const events = rep.service.state.context.events, t0 = events[0].timestamp;
            let snapshot = null;
            for (const e of events) if (e.type === 2 && e.timestamp - t0 <= at) snapshot = e;
            const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
            const builds = [], frames = [];
            for (let i = 0; i < 3; i++) {
                const start = performance.now();
                rep.rebuildFullSnapshot(snapshot, true);
                builds.push(performance.now() - start);
                await frame();
                frames.push(performance.now() - start);
            }
            builds.sort((a, b) => a - b); frames.sort((a, b) => a - b);
            return [JSON.stringify(snapshot).length, rep.iframe.contentDocument.getElementsByTagName('*').length, builds[1], frames[1]];
        }", seeks[1].AtMs);
    await page.CloseAsync();
    return new Timing(frame, Math.Max(frame, loaded), seek, ready, loaded, serverCpu) { Seeks = seekTimes, Rebuild = rebuild };
}

// User plus system time of the server process (from /proc, in clock ticks of 10 ms), or of this process.
TimeSpan ServerCpu(bool recordingsServer)
{
    if (!recordingsServer) return Process.GetCurrentProcess().TotalProcessorTime;
    var fields = File.ReadAllText($"/proc/{options["server-pid"]}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
}

Task Post(string path, JsonObject body) => PostJson(path, body.ToJsonString());

async Task PostJson(string path, string json)
{
    using var buffer = new MemoryStream();
    using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(json));
    var content = new ByteArrayContent(buffer.ToArray());
    content.Headers.ContentType = new("application/json");
    content.Headers.ContentEncoding.Add("gzip");
    using var response = await http.PostAsync(path, content);
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}

/// <summary>FirstFrame: the recorded page on screen; Loaded: that and every event in the player (the later of the
/// two); ReadyMark and LoadedMark: the page's data-ready and data-loaded attributes alone; ServerCpu: CPU time the
/// serving process spent while the page loaded (the Recordings server, or this process for the static file).</summary>
internal sealed record Timing(double FirstFrame, double Loaded, double Seek, double ReadyMark, double LoadedMark, double ServerCpu)
{
    /// <summary>The dashboard's seeks once loaded, ms, in the order asked.</summary>
    public double[]? Seeks { get; init; }

    /// <summary>Baseline only: the full snapshot's JSON length, the built page's elements, and the median of three bare
    /// builds of it, ms: rrweb's rebuildFullSnapshot, and to the next animation frame.</summary>
    public double[]? Rebuild { get; init; }
}

/// <summary>A seek to AtMs from the recording's first event; FromStart: back to the first frame first (untimed).</summary>
internal sealed record SeekPoint(string Name, long AtMs, bool FromStart = false);
