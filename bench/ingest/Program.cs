using IngestBench;

// Usage: IngestBench --url URL --token TOKEN --corpus DIR --server-pid PID --db recordings.db [--concurrency 32] [--replicas 4] [--rounds 4] [--warmup 4]
//   [--phases baseline,ingest,posthog,telemetry,pg1,pg2]: the phases to run (default: those whose servers are given).
//   [--telemetry-url URL --telemetry-token TOKEN --telemetry-pid PID]: a second server with metrics (scraped) and OTLP
//   traces and metrics on; each round then also ingests into it, and the on / off ratio is printed.
//   [--pg-urls URL,URL --pg-token TOKEN --pg-pids PID,PID --pg-connection CONNECTION --postgres-pid PID]: two nodes on
//   one PostgreSQL (its postmaster's pid, for its CPU time); pg1 posts to the first node alone, pg2 to both, the
//   clients split across them as a load balancer would.
var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "32"));
var replicas = int.Parse(options.GetValueOrDefault("replicas", "4"));
var rounds = int.Parse(options.GetValueOrDefault("rounds", "4"));
// The server runs for weeks, so what is measured is its steady state: before the measured rounds, --warmup rounds of
// the same size go to every phase, alternating, unmeasured. Measured on 2026-12-01: with tiered JIT and dynamic PGO
// the ingest path (more code than the baseline's) kept getting faster for about four rounds after the start.
var warmupRounds = int.Parse(options.GetValueOrDefault("warmup", "4"));
var runId = DateTime.UtcNow.ToString("HHmmss");
var corpus = Corpus.Load(options["corpus"]);

var sqlite = new Target("SQLite", [Client(options["url"])], new MemorySampler(int.Parse(options["server-pid"])), null);
var telemetry = options.GetValueOrDefault("telemetry-url") is { } telemetryUrl
    ? new Target("SQLite, telemetry on", [Client(telemetryUrl)], new MemorySampler(int.Parse(options["telemetry-pid"])), null) : null;
Target? pg1 = null, pg2 = null;
if (options.GetValueOrDefault("pg-urls") is { } pgUrls)
{
    var urls = pgUrls.Split(',');
    var pids = options["pg-pids"].Split(',').Select(int.Parse).ToArray();
    var postgres = new PostgresCpu(int.Parse(options["postgres-pid"]));
    var nodes = urls.Select(Client).ToArray();
    // pg1 counts the first node's CPU only (the second idles meanwhile, and a one-node installation has none).
    pg1 = new Target("PostgreSQL, 1 node", [nodes[0]], new MemorySampler(pids[0]), postgres);
    pg2 = new Target($"PostgreSQL, {nodes.Length} nodes", nodes, new MemorySampler(pids), postgres);
}

// Every phase posts the corpus under session ids of its own (its letter), so no round is answered from the duplicate
// check and each phase's acknowledged batches can be counted in its database.
var all = new List<Phase>
{
    new("baseline", "baseline (read + gunzip + discard)", sqlite, "/ingest/baseline", options["token"], 'b', 'a'),
    new("ingest", "ingest, SQLite (validate + store, acknowledged after commit)", sqlite, "/ingest/batch", options["token"], 'r', 'w'),
    new("posthog", "ingest, posthog-js format (/s/), SQLite", sqlite, "/s/", options["token"], 'p', 'q', Posthog: true),
};
if (telemetry is not null) all.Add(new("telemetry", "ingest, SQLite, tracing and metrics on", telemetry, "/ingest/batch", options["telemetry-token"], 't', 'u'));
if (pg1 is not null) all.Add(new("pg1", "ingest, PostgreSQL, 1 node", pg1, "/ingest/batch", options["pg-token"], 'g', 'x'));
if (pg2 is not null) all.Add(new("pg2", $"ingest, PostgreSQL, {pg2.Nodes.Length} nodes", pg2, "/ingest/batch", options["pg-token"], 'h', 'y'));
var chosen = options.GetValueOrDefault("phases")?.Split(',') ?? [.. all.Select(p => p.Key)];
var unknown = chosen.Except(all.Select(p => p.Key)).ToList();
if (unknown.Count > 0) throw new ArgumentException($"--phases: {string.Join(", ", unknown)} not known or its server not given; known: {string.Join(", ", all.Select(p => p.Key))}");
var phases = all.Where(p => chosen.Contains(p.Key)).ToList();

var prepared = phases.ToDictionary(p => p, p => (
    Warmup: Enumerable.Range(0, warmupRounds).Select(r => Load.Prepare(corpus, replicas, p.Token, $"{runId}{p.WarmupLetter}{r}", p.Posthog)).ToList(),
    Measured: Enumerable.Range(0, rounds).Select(r => Load.Prepare(corpus, replicas, p.Token, $"{runId}{p.Letter}{r}", p.Posthog)).ToList()));
var first = prepared[phases[0]].Measured[0];
Console.WriteLine($"per round and phase: {first.Count} sessions ({replicas} copies of the corpus), {first.Sum(s => s.Count)} batches, " +
    $"{first.Sum(s => s.Sum(b => b.RawRrwebBytes)) / 1e6:F1} MB raw rrweb JSON, {first.Sum(s => s.Sum(b => b.Lines.LongLength)) / 1e6:F1} MB gzip rrweb lines; " +
    $"{concurrency} concurrent clients; {rounds} rounds, phases alternating: {string.Join(", ", phases.Select(p => p.Key))}");

// Prometheus scrapes the telemetry server every 5 s (a real one scrapes every 15–60 s), so collection is paid too.
using var stopScraping = new CancellationTokenSource();
var scraping = telemetry is null || !phases.Any(p => p.Key == "telemetry") ? Task.CompletedTask : Task.Run(async () =>
{
    while (!stopScraping.IsCancellationRequested)
    {
        try { (await telemetry.Nodes[0].GetAsync("/metrics", stopScraping.Token)).EnsureSuccessStatusCode(); await Task.Delay(5000, stopScraping.Token); }
        catch (OperationCanceledException) { }
    }
});
for (var w = 0; w < warmupRounds; w++)
    foreach (var phase in phases)
        await Load.RunAsync("warm-up", phase, prepared[phase].Warmup[w], concurrency);
Console.WriteLine($"warm-up: {warmupRounds} unmeasured rounds of every phase");

// Alternating rounds, so a slower or busier moment of the machine weighs on every phase alike.
var results = phases.ToDictionary(p => p, _ => new List<PhaseResult>());
var acknowledged = phases.ToDictionary(p => p, _ => new List<PreparedBatch>());
for (var r = 0; r < rounds; r++)
{
    foreach (var phase in phases)
    {
        var (result, acks) = await Load.RunAsync(phase.Name, phase, prepared[phase].Measured[r], concurrency);
        results[phase].Add(result);
        acknowledged[phase].AddRange(acks);
    }
    Console.WriteLine($"round {r + 1}: " + string.Join(", ", phases.Select(p => $"{p.Key} {results[p][^1].MegabytesPerSecond:F1} MB/s")));
}
stopScraping.Cancel();
await scraping;
var totals = phases.ToDictionary(p => p.Key, p => PhaseResult.Sum(results[p]));

Console.WriteLine();
Console.WriteLine("| phase | batches | batches/s | MB/s raw rrweb JSON | p50 ms | p99 ms | peak server RSS MB | 503 retries | server CPU ms per MB | PostgreSQL CPU ms per MB |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in totals.Values)
    Console.WriteLine($"| {r.Name} | {r.Batches} | {r.BatchesPerSecond:F0} | {r.MegabytesPerSecond:F1} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.PeakRssBytes / 1e6:F0} | {r.Retries} | " +
        $"{r.ServerCpuMsPerMegabyte:F2} | {(r.DatabaseCpuSeconds is null ? "" : r.DatabaseCpuMsPerMegabyte.ToString("F2"))} |");
Console.WriteLine();
void Ratio(string a, string b, string what, double? target = null)
{
    if (!totals.TryGetValue(a, out var x) || !totals.TryGetValue(b, out var y)) return;
    var ratio = x.MegabytesPerSecond / y.MegabytesPerSecond;
    Console.WriteLine($"{what} throughput = {ratio:F2}" + (target is { } t ? $" (target >= {t:F2}): {(ratio >= t ? "MET" : "NOT MET")}" : "") +
        $"; server CPU per MB {x.ServerCpuMsPerMegabyte / y.ServerCpuMsPerMegabyte:F2} x");
}
Ratio("ingest", "baseline", "ingest / baseline", 0.5);
Ratio("posthog", "ingest", "posthog-js format / our SDK's format", 0.8);
if (totals.TryGetValue("posthog", out var posthogTotal) && totals.TryGetValue("ingest", out var oursTotal))
{
    var floor = PosthogFloor.Measure(prepared[phases.Single(p => p.Key == "ingest")].Measured[0], prepared[phases.Single(p => p.Key == "posthog")].Measured[0]);
    var best = oursTotal.ServerCpuMsPerMegabyte / (oursTotal.ServerCpuMsPerMegabyte + floor.PosthogMsPerMegabyte - floor.OursMsPerMegabyte);
    Console.WriteLine($"posthog-js format, zlib alone (inflate the request and its cv fields, compress the lines at level 1), one thread: " +
        $"{floor.PosthogMsPerMegabyte:F2} ms per MB against {floor.OursMsPerMegabyte:F2} for ours (inflate both members); " +
        $"with everything else as cheap as our SDK's path, the best server CPU ratio = {oursTotal.ServerCpuMsPerMegabyte:F2} / " +
        $"({oursTotal.ServerCpuMsPerMegabyte:F2} + {floor.PosthogMsPerMegabyte - floor.OursMsPerMegabyte:F2}) = {best:F2}; measured " +
        $"{oursTotal.ServerCpuMsPerMegabyte / posthogTotal.ServerCpuMsPerMegabyte:F2}");
}
Ratio("telemetry", "ingest", "ingest, tracing and metrics on / off", 0.95);
Ratio("pg1", "ingest", "PostgreSQL 1 node / SQLite", 0.7);
Ratio("pg2", "ingest", "PostgreSQL 2 nodes / SQLite");
Ratio("pg2", "pg1", "PostgreSQL 2 nodes / 1 node");
foreach (var key in new[] { "pg1", "pg2" })
    if (totals.TryGetValue(key, out var pg))
        // Per MB ingested, the nodes spend ServerCpu and PostgreSQL DatabaseCpu: with as many cores for PostgreSQL as
        // for one node, PostgreSQL's CPU runs out when this many nodes run flat out (CPU only; disk and locks aside).
        Console.WriteLine($"{key}: node CPU / PostgreSQL CPU per MB = {pg.ServerCpuMsPerMegabyte:F2} / {pg.DatabaseCpuMsPerMegabyte:F2} = " +
            $"{pg.ServerCpuMsPerMegabyte / pg.DatabaseCpuMsPerMegabyte:F1} nodes per PostgreSQL of the same cores");

// Every acknowledged batch must be in its database: one chunk each, with all its events.
var complete = true;
foreach (var phase in phases.Where(p => p.Key != "baseline"))
{
    var expected = acknowledged[phase];
    var (chunks, events) = phase.Target.Database is null
        ? await Stored.InSqliteAsync(phase.Key == "telemetry" ? options["telemetry-db"] : options["db"], $"bench-{runId}{phase.Letter}")
        : await Stored.InPostgresAsync(options["pg-connection"], $"bench-{runId}{phase.Letter}");
    var expectedEvents = expected.Sum(b => (long)b.Events);
    var ok = chunks == expected.Count && events == expectedEvents;
    complete &= ok;
    Console.WriteLine($"stored ({phase.Key}): {chunks} chunks / {expected.Count} acknowledged requests, {events} / {expectedEvents} rrweb events: " +
        (ok ? "every acknowledged request is stored" : "MISSING DATA"));
}
return complete ? 0 : 1;

static HttpClient Client(string url) => new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
