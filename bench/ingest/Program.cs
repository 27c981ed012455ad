using IngestBench;
using Microsoft.Data.Sqlite;

// Usage: IngestBench --url URL --token TOKEN --corpus DIR --server-pid PID --db recordings.db [--concurrency 32] [--replicas 4] [--rounds 4] [--warmup 4]
//   [--telemetry-url URL --telemetry-token TOKEN --telemetry-pid PID]: a second server with metrics (scraped) and OTLP
//   traces and metrics on; each round then also ingests into it, and the on / off ratio is printed.
var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
var url = options["url"];
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "32"));
var replicas = int.Parse(options.GetValueOrDefault("replicas", "4"));
var rounds = int.Parse(options.GetValueOrDefault("rounds", "4"));
var runId = DateTime.UtcNow.ToString("HHmmss");

var corpus = Corpus.Load(options["corpus"]);
// The server runs for weeks, so what is measured is its steady state: before the measured rounds, --warmup rounds of
// the same size go to both endpoints, alternating, unmeasured. Measured on 2026-12-01: with tiered JIT and dynamic PGO
// the ingest path (more code than the baseline's) kept getting faster for about four rounds after the start.
var warmupRounds = int.Parse(options.GetValueOrDefault("warmup", "4"));
var warmup = Enumerable.Range(0, warmupRounds).Select(r => Load.Prepare(corpus, replicas, options["token"], $"{runId}w{r}")).ToList();
// Every round posts the corpus under new session ids, so no ingest round is answered from the duplicate check.
var perRound = Enumerable.Range(0, rounds).Select(r => Load.Prepare(corpus, replicas, options["token"], $"{runId}r{r}")).ToList();
// The same corpus in posthog-js's format to /s/, under session ids of its own (issue 19's target: >= 0.8 x our SDK's).
var posthogRounds = Enumerable.Range(0, rounds).Select(r => Load.Prepare(corpus, replicas, options["token"], $"{runId}p{r}", posthog: true)).ToList();
var posthogWarmup = Enumerable.Range(0, warmupRounds).Select(r => Load.Prepare(corpus, replicas, options["token"], $"{runId}q{r}", posthog: true)).ToList();
var telemetryUrl = options.GetValueOrDefault("telemetry-url");
var telemetryRounds = telemetryUrl is null ? [] : Enumerable.Range(0, rounds).Select(r => Load.Prepare(corpus, replicas, options["telemetry-token"], $"{runId}t{r}")).ToList();
var telemetryWarmup = telemetryUrl is null ? [] : Enumerable.Range(0, warmupRounds).Select(r => Load.Prepare(corpus, replicas, options["telemetry-token"], $"{runId}u{r}")).ToList();
var first = perRound[0];
Console.WriteLine($"per round and phase: {first.Count} sessions ({replicas} copies of the corpus), {first.Sum(s => s.Count)} batches, " +
    $"{first.Sum(s => s.Sum(b => b.RawRrwebBytes)) / 1e6:F1} MB raw rrweb JSON, {first.Sum(s => s.Sum(b => b.Lines.LongLength)) / 1e6:F1} MB gzip rrweb lines; " +
    $"{concurrency} concurrent clients; {rounds} rounds, baseline and ingest alternating");

using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
using var memory = new MemorySampler(int.Parse(options["server-pid"]));
using var telemetryHttp = telemetryUrl is null ? null : new HttpClient { BaseAddress = new Uri(telemetryUrl), Timeout = TimeSpan.FromMinutes(5) };
using var telemetryMemory = telemetryUrl is null ? null : new MemorySampler(int.Parse(options["telemetry-pid"]));
// Prometheus scrapes the telemetry server every 5 s (a real one scrapes every 15–60 s), so collection is paid too.
using var stopScraping = new CancellationTokenSource();
var scraping = telemetryHttp is null ? Task.CompletedTask : Task.Run(async () =>
{
    while (!stopScraping.IsCancellationRequested)
    {
        try { (await telemetryHttp.GetAsync("/metrics", stopScraping.Token)).EnsureSuccessStatusCode(); await Task.Delay(5000, stopScraping.Token); }
        catch (OperationCanceledException) { }
    }
});
for (var w = 0; w < warmup.Count; w++)
{
    await Load.RunAsync("warm-up", http, "/ingest/baseline", warmup[w], concurrency, memory);
    await Load.RunAsync("warm-up", http, "/ingest/batch", warmup[w], concurrency, memory);
    await Load.RunAsync("warm-up", http, "/s/", posthogWarmup[w], concurrency, memory);
    if (telemetryHttp is not null) await Load.RunAsync("warm-up", telemetryHttp, "/ingest/batch", telemetryWarmup[w], concurrency, telemetryMemory!);
}
Console.WriteLine($"warm-up: {warmupRounds} unmeasured rounds of both endpoints");

// Alternating rounds, so a slower or busier moment of the machine weighs on both phases alike.
var baselineRounds = new List<PhaseResult>();
var ingestRounds = new List<PhaseResult>();
var telemetryResults = new List<PhaseResult>();
var posthogResults = new List<PhaseResult>();
var acknowledged = new List<PreparedBatch>();
var posthogAcknowledged = new List<PreparedBatch>();
foreach (var (sessions, index) in perRound.Select((s, i) => (s, i)))
{
    baselineRounds.Add((await Load.RunAsync("baseline (read + gunzip + discard)", http, "/ingest/baseline", sessions, concurrency, memory)).Result);
    var (ingestRound, acks) = await Load.RunAsync("ingest (validate + store, acknowledged after commit)", http, "/ingest/batch", sessions, concurrency, memory);
    ingestRounds.Add(ingestRound);
    acknowledged.AddRange(acks);
    var (posthogRound, posthogAcks) = await Load.RunAsync("ingest, posthog-js format (/s/)", http, "/s/", posthogRounds[index], concurrency, memory);
    posthogResults.Add(posthogRound);
    posthogAcknowledged.AddRange(posthogAcks);
    if (telemetryHttp is not null)
        telemetryResults.Add((await Load.RunAsync("ingest, tracing and metrics on", telemetryHttp, "/ingest/batch", telemetryRounds[index], concurrency, telemetryMemory!)).Result);
    Console.WriteLine($"round {ingestRounds.Count}: baseline {baselineRounds[^1].MegabytesPerSecond:F1} MB/s, ingest {ingestRound.MegabytesPerSecond:F1} MB/s" +
        $", posthog-js format {posthogRound.MegabytesPerSecond:F1} MB/s" +
        (telemetryHttp is null ? "" : $", ingest with telemetry {telemetryResults[^1].MegabytesPerSecond:F1} MB/s"));
}
var baseline = PhaseResult.Sum(baselineRounds);
var ingest = PhaseResult.Sum(ingestRounds);
var posthogPhase = PhaseResult.Sum(posthogResults);

Console.WriteLine();
Console.WriteLine("| phase | batches | batches/s | MB/s raw rrweb JSON | p50 ms | p99 ms | peak server RSS MB | 503 retries | server CPU ms per MB |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
stopScraping.Cancel();
await scraping;
var withTelemetry = telemetryResults.Count > 0 ? PhaseResult.Sum(telemetryResults) : null;
foreach (var r in withTelemetry is null ? new[] { baseline, ingest, posthogPhase } : [baseline, ingest, posthogPhase, withTelemetry])
    Console.WriteLine($"| {r.Name} | {r.Batches} | {r.BatchesPerSecond:F0} | {r.MegabytesPerSecond:F1} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.PeakRssBytes / 1e6:F0} | {r.Retries} | {r.ServerCpuMsPerMegabyte:F2} |");
var ratio = ingest.MegabytesPerSecond / baseline.MegabytesPerSecond;
Console.WriteLine();
Console.WriteLine($"ingest / baseline throughput = {ratio:F2} (target >= 0.50): {(ratio >= 0.5 ? "MET" : "NOT MET")}");
var posthogRatio = posthogPhase.MegabytesPerSecond / ingest.MegabytesPerSecond;
Console.WriteLine($"posthog-js format / our SDK's format throughput = {posthogRatio:F2} (target >= 0.80): {(posthogRatio >= 0.8 ? "MET" : "NOT MET")}; " +
    $"server CPU per MB {posthogPhase.ServerCpuMsPerMegabyte / ingest.ServerCpuMsPerMegabyte:F2} x");
if (withTelemetry is not null)
{
    var on = withTelemetry.MegabytesPerSecond / ingest.MegabytesPerSecond;
    Console.WriteLine($"ingest throughput, tracing and metrics on / off = {on:F2} (target >= 0.95): {(on >= 0.95 ? "MET" : "NOT MET")}");
    // Less sensitive to other work on the machine than throughput: what each server spent per MB it stored.
    Console.WriteLine($"server CPU per MB ingested, tracing and metrics on / off = {withTelemetry.ServerCpuMsPerMegabyte / ingest.ServerCpuMsPerMegabyte:F2}");
}
Console.WriteLine($"server CPU per MB, ingest / baseline = {ingest.ServerCpuMsPerMegabyte / baseline.ServerCpuMsPerMegabyte:F2} (the client shares the machine; this excludes it)");

// Every acknowledged batch must be in the database: one chunk each, with all its events.
await using var db = new SqliteConnection($"Data Source={options["db"]};Mode=ReadOnly");
await db.OpenAsync();
await using var query = db.CreateCommand();
query.CommandText = "SELECT COUNT(*), COALESCE(SUM(c.EventCount), 0) FROM snapshot_chunks c JOIN recordings r ON r.Id = c.RecordingId " +
    "WHERE r.SessionId LIKE $prefix AND r.SessionId NOT LIKE $warmup";
query.Parameters.AddWithValue("$prefix", $"bench-{runId}r%");
query.Parameters.AddWithValue("$warmup", $"bench-{runId}w%");
await using var reader = await query.ExecuteReaderAsync();
await reader.ReadAsync();
var (chunks, events) = (reader.GetInt64(0), reader.GetInt64(1));
var expectedEvents = acknowledged.Sum(b => (long)b.Events);
var complete = chunks == acknowledged.Count && events == expectedEvents;
Console.WriteLine($"stored: {chunks} chunks / {acknowledged.Count} acknowledged batches, {events} / {expectedEvents} rrweb events: " +
    (complete ? "every acknowledged batch is stored" : "MISSING DATA"));
query.Parameters["$prefix"].Value = $"bench-{runId}p%";
await reader.DisposeAsync();
await using var posthogReader = await query.ExecuteReaderAsync();
await posthogReader.ReadAsync();
var (posthogChunks, posthogEvents) = (posthogReader.GetInt64(0), posthogReader.GetInt64(1));
var posthogExpected = posthogAcknowledged.Sum(b => (long)b.Events);
var posthogComplete = posthogChunks == posthogAcknowledged.Count && posthogEvents == posthogExpected;
Console.WriteLine($"stored from posthog-js's format: {posthogChunks} chunks / {posthogAcknowledged.Count} acknowledged requests, " +
    $"{posthogEvents} / {posthogExpected} rrweb events: " + (posthogComplete ? "every acknowledged request is stored" : "MISSING DATA"));
return complete && posthogComplete ? 0 : 1;
