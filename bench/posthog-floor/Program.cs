using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
// The floor of what the server must add for posthog-js's format over our SDK's, per MB of raw rrweb JSON lines:
// compressing the lines once (our SDK's browser does it for us), parsing the request's JSON, hashing for the sequence;
// then the steps of the two-pass translation (issue 19's first form), one by one, to see where its CPU goes.
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
var deep = new JsonDocumentOptions { MaxDepth = 1000 };
var events = batches.Select(b => Encoding.UTF8.GetString(b).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => x[(x.IndexOf(',') + 1)..^1]).ToList()).ToList();
// posthog-js-like request, uncompressed events: [{"properties":{"$snapshot_data":[event,...]}}]
var requests = events.Select(evs =>
    Encoding.UTF8.GetBytes("[{\"event\":\"$snapshot\",\"properties\":{\"$session_id\":\"s\",\"$window_id\":\"w\",\"$snapshot_data\":[" + string.Join(",", evs) + "]}}]")).ToList();
// As posthog-js 1.449 sends them (bench/ingest/Posthog.cs): full snapshots and mutations compressed per event (cv), then the request gzipped.
var posthog = events.Select(evs => Posthog(evs)).ToList();
var posthogJson = posthog.Select(Gunzip).ToList();

void Time(string name, Action<int> work)
{
    for (int w = 0; w < 2; w++) for (int i = 0; i < batches.Count; i++) work(i);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime; var sw = Stopwatch.StartNew();
    const int rounds = 5;
    for (int r = 0; r < rounds; r++) for (int i = 0; i < batches.Count; i++) work(i);
    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine($"{name,-58} {used.TotalMilliseconds / rounds / mb,6:F2} ms CPU per MB ({sw.Elapsed.TotalMilliseconds / rounds / mb:F2} ms wall)");
}
Console.WriteLine($"{batches.Count} batches, {mb:F1} MB of rrweb lines; posthog-js requests {posthog.Sum(p => (long)p.Length) / 1e6:F1} MB gzipped, {posthogJson.Sum(p => (long)p.Length) / 1e6:F1} MB inflated");
Time("gzip lines, Fastest", i => { using var o = new MemoryStream(); using (var g = new GZipStream(o, CompressionLevel.Fastest)) g.Write(batches[i]); });
Time("JsonDocument.Parse posthog request (no cv)", i => { using var d = JsonDocument.Parse(requests[i], deep); });
Time("SHA-256 of lines", i => SHA256.HashData(batches[i]));
Time("XXH3 of lines (the sequence hash since issue 19's one pass)", i => System.IO.Hashing.XxHash3.HashToUInt64(batches[i]));
int fields = 0, empty = 0;
foreach (var evs in events)
    foreach (var raw in evs)
    {
        using var e = JsonDocument.Parse(raw, deep);
        if (e.RootElement.GetProperty("type").GetInt32() != 3 || !e.RootElement.GetProperty("data").TryGetProperty("source", out var src) || src.GetInt32() != 0) continue;
        foreach (var f in new[] { "texts", "attributes", "removes", "adds" })
        {
            fields++;
            if (!e.RootElement.GetProperty("data").TryGetProperty(f, out var v) || v.GetArrayLength() == 0) empty++;
        }
    }
Console.WriteLine($"mutation fields posthog-js compresses: {fields}, of which empty lists: {empty}");
var linesGz = batches.Select(b => { using var o = new MemoryStream(); using (var g = new GZipStream(o, CompressionLevel.Fastest)) g.Write(b); return o.ToArray(); }).ToList();
Console.WriteLine("-- the two-pass translation's steps, on posthog-js's requests (cv):");
Time("inflate the request", i => Gunzip(posthog[i]));
Time("UTF-8 check of the request", i => System.Text.Unicode.Utf8.IsValid(posthogJson[i]));
Time("JsonDocument.Parse the request", i => { using var d = JsonDocument.Parse(posthogJson[i], deep); });
Time("cv fields: GetString + bytes + inflate", i => ForEachCv(posthogJson[i], (_, bytes) => Gunzip(bytes)));
Time("cv fields: + RequireOneValue (a reader pass)", i => ForEachCv(posthogJson[i], (_, bytes) => OneValue(Gunzip(bytes))));
Time("inflate the lines again (module)", i => Gunzip(linesGz[i]));
Time("reader pass over the lines (module's RrwebLines-like)", i => { var r = new Utf8JsonReader(batches[i], new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 1000 }); while (r.Read()) { } });

static byte[] Gunzip(byte[] gz) { using var i = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress); using var o = new MemoryStream(); i.CopyTo(o); return o.ToArray(); }
static void OneValue(byte[] json) { var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1000 }); r.Read(); r.Skip(); }
void ForEachCv(byte[] json, Action<string, byte[]> each)
{
    using var d = JsonDocument.Parse(json, deep);
    foreach (var e in d.RootElement[0].GetProperty("properties").GetProperty("$snapshot_data").EnumerateArray())
    {
        if (!e.TryGetProperty("cv", out _)) continue;
        var data = e.GetProperty("data");
        if (data.ValueKind == JsonValueKind.String) { each("data", Latin(data.GetString()!)); continue; }
        foreach (var p in data.EnumerateObject()) if (p.Value.ValueKind == JsonValueKind.String && p.Name is "texts" or "attributes" or "removes" or "adds") each(p.Name, Latin(p.Value.GetString()!));
    }
}
static byte[] Latin(string s) { var b = new byte[s.Length]; for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i]; return b; }

static byte[] Posthog(List<string> evs)
{
    var data = new JsonArray();
    var o = new JsonSerializerOptions { MaxDepth = 1000 };
    foreach (var raw in evs)
    {
        var e = JsonNode.Parse(raw, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 })!;
        var type = (int)e["type"]!;
        if (type == 2) { e["data"] = ByteString(e["data"]!, o); e["cv"] = "2024-10"; }
        else if (type == 3 && e["data"] is JsonObject d && (int?)d["source"] == 0)
        {
            foreach (var field in new[] { "texts", "attributes", "removes", "adds" }) d[field] = ByteString(d[field] ?? new JsonArray(), o);
            e["cv"] = "2024-10";
        }
        data.Add(e);
    }
    var request = new JsonArray(new JsonObject
    {
        ["uuid"] = Guid.NewGuid().ToString(), ["event"] = "$snapshot",
        ["properties"] = new JsonObject { ["$snapshot_data"] = data, ["$session_id"] = "s", ["$window_id"] = "w", ["distinct_id"] = "bench", ["token"] = "t", ["$lib"] = "web" },
        ["offset"] = 5,
    });
    using var output = new MemoryStream();
    using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(request.ToJsonString(o)));
    return output.ToArray();
}
static string ByteString(JsonNode value, JsonSerializerOptions o)
{
    using var output = new MemoryStream();
    using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(value.ToJsonString(o)));
    return new string(output.ToArray().Select(b => (char)b).ToArray());
}
