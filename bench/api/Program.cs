using ApiBench;

// bench/api/run.sh passes --server and --corpus; --sizes (or none), --requests, --postgres off and --snapshots none may be given to run.sh.
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var server = Path.GetFullPath(options["server"]);
var corpus = Path.GetFullPath(options["corpus"]);
var sizesOption = options.GetValueOrDefault("sizes") ?? "10000,1000000";
var sizes = sizesOption == "none" ? [] : sizesOption.Split(',').Select(int.Parse).ToList();
var requests = int.Parse(options.GetValueOrDefault("requests") ?? "400");
var onPostgres = options.GetValueOrDefault("postgres") != "off";
var plansFile = Path.GetFullPath(options.GetValueOrDefault("plans") ?? Path.Combine(Path.GetTempPath(), "api-bench-postgres-plans.log"));

Console.WriteLine($"REST API benchmark, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
var lists = new Dictionary<int, List<Latency.Result>>();
var postgresLists = new Dictionary<int, List<Latency.Result>>();
using (var postgres = onPostgres && sizes.Count > 0 ? new PostgresServer() : null)
{
    if (postgres is not null) File.WriteAllText(plansFile, "");
    foreach (var size in sizes)
    {
        Console.WriteLine($"List with {size:N0} recordings on SQLite ({requests} sequential requests per case after 100 warm-up):");
        lists[size] = (await ListBenchmark.RunAsync(server, size, requests, Console.Out)).Results;
        if (postgres is null) continue;
        Console.WriteLine($"List with {size:N0} recordings on PostgreSQL (the benchmark's own, 127.0.0.1:{postgres.Port}):");
        var run = await ListBenchmark.RunAsync(server, size, requests, Console.Out, postgres);
        postgresLists[size] = run.Results;
        Console.WriteLine($"  Plans of the SQL each case sends (auto_explain, EXPLAIN ANALYZE; a fresh server's first request / the second):");
        foreach (var (name, log) in run.Plans)
        {
            Console.WriteLine($"  {name}:");
            foreach (var line in QueryPlans.Summarize(log)) Console.WriteLine($"    {line}");
            File.AppendAllText(plansFile, $"===== {size:N0} recordings, {name}\n{log}\n");
        }
        Console.WriteLine("  PostgreSQL beside SQLite (p50 / p95 ms, same run):");
        for (var i = 0; i < run.Results.Count; i++)
        {
            var (s, p) = (lists[size][i], run.Results[i]);
            Console.WriteLine($"    {p.Name}: SQLite {s.P50:F2} / {s.P95:F2}, PostgreSQL {p.P50:F2} / {p.P95:F2} (p95 × {p.P95 / s.P95:F2}); "
                + $"CPU ms/request: SQLite server {s.ServerCpuMs:F2}, PostgreSQL server {p.ServerCpuMs:F2} + database {p.DatabaseCpuMs:F2}");
        }
    }
}
if (postgresLists.Count > 0) Console.WriteLine($"Full plans: {plansFile}");
if (sizes.Count >= 2)
{
    var (small, large) = (lists[sizes.Min()], lists[sizes.Max()]);
    Console.WriteLine($"p95 ratio {sizes.Max():N0} / {sizes.Min():N0} on SQLite:");
    for (var i = 0; i < small.Count; i++) Console.WriteLine($"  {small[i].Name}: {large[i].P95 / small[i].P95:F2}");
}
if (options.GetValueOrDefault("snapshots") == "none") return;
Console.WriteLine("Snapshots of a 30-minute recording (median of 5 fetches):");
await SnapshotBenchmark.RunAsync(server, corpus, rounds: 5, Console.Out);
