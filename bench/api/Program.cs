using ApiBench;

// bench/api/run.sh passes --server and --corpus; --sizes (or none), --requests and --snapshots none may be given to run.sh.
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var server = Path.GetFullPath(options["server"]);
var corpus = Path.GetFullPath(options["corpus"]);
var sizesOption = options.GetValueOrDefault("sizes") ?? "10000,1000000";
var sizes = sizesOption == "none" ? [] : sizesOption.Split(',').Select(int.Parse).ToList();
var requests = int.Parse(options.GetValueOrDefault("requests") ?? "400");

Console.WriteLine($"REST API benchmark, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
var lists = new Dictionary<int, List<Latency.Result>>();
foreach (var size in sizes)
{
    Console.WriteLine($"List with {size:N0} recordings ({requests} sequential requests per case after 100 warm-up):");
    lists[size] = await ListBenchmark.RunAsync(server, size, requests, Console.Out);
}
if (sizes.Count >= 2)
{
    var (small, large) = (lists[sizes.Min()], lists[sizes.Max()]);
    Console.WriteLine($"p95 ratio {sizes.Max():N0} / {sizes.Min():N0}:");
    for (var i = 0; i < small.Count; i++) Console.WriteLine($"  {small[i].Name}: {large[i].P95 / small[i].P95:F2}");
}
if (options.GetValueOrDefault("snapshots") == "none") return;
Console.WriteLine("Snapshots of a 30-minute recording (median of 5 fetches):");
await SnapshotBenchmark.RunAsync(server, corpus, rounds: 5, Console.Out);
