using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
// The floor of what the server must add for posthog-js's format over our SDK's, per MB of raw rrweb JSON lines:
// compressing the lines once (our SDK's browser does it for us), parsing the request's JSON, hashing for the sequence.
// Usage: dotnet run -c Release --project bench/posthog-floor -- ../shared/corpus
var lines = new List<byte[]>();
foreach (var f in Directory.GetFiles(args[0], "session-*.jsonl.gz").Order())
{
    using var gz = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
    using var ms = new MemoryStream(); gz.CopyTo(ms); lines.Add(ms.ToArray());
}
// Cut into ~40 KB batches like the SDK's.
var batches = new List<byte[]>();
foreach (var l in lines) { int start = 0; while (start < l.Length) { int end = Math.Min(l.Length, start + 40_000); while (end < l.Length && l[end - 1] != (byte)'\n') end++; batches.Add(l[start..end]); start = end; } }
long total = batches.Sum(b => (long)b.Length);
double mb = total / 1e6;
// posthog-js-like request: {"batch":[{"properties":{"$snapshot_data":[event,...]}}]}
var requests = batches.Select(b => {
    var evs = System.Text.Encoding.UTF8.GetString(b).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => x[(x.IndexOf(',') + 1)..^1]);
    return System.Text.Encoding.UTF8.GetBytes("[{\"event\":\"$snapshot\",\"properties\":{\"$session_id\":\"s\",\"$window_id\":\"w\",\"$snapshot_data\":[" + string.Join(",", evs) + "]}}]");
}).ToList();
void Time(string name, Action<int> work)
{
    for (int w = 0; w < 2; w++) for (int i = 0; i < batches.Count; i++) work(i);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime; var sw = Stopwatch.StartNew();
    const int rounds = 5;
    for (int r = 0; r < rounds; r++) for (int i = 0; i < batches.Count; i++) work(i);
    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine($"{name,-40} {used.TotalMilliseconds / rounds / mb,6:F2} ms CPU per MB ({sw.Elapsed.TotalMilliseconds / rounds / mb:F2} ms wall)");
}
Console.WriteLine($"{batches.Count} batches, {mb:F1} MB of rrweb lines");
Time("gzip lines, Fastest", i => { using var o = new MemoryStream(); using (var g = new GZipStream(o, CompressionLevel.Fastest)) g.Write(batches[i]); });
Time("JsonDocument.Parse posthog request", i => { using var d = JsonDocument.Parse(requests[i]); });
Time("SHA-256 of lines", i => SHA256.HashData(batches[i]));
