using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace IngestBench;

/// <summary>
/// A prepared request, posted as the SDK posts it — the split body (docs/ingestion.md): a gzip member with the
/// envelope, then one with the rrweb events as JSONL lines. The lines are compressed ahead; the envelope is made at
/// each send, since it carries <c>sent_at</c>, the client's clock at that moment.
/// </summary>
internal sealed record PreparedBatch(string SessionId, string WindowId, long Sequence, string Token, byte[] Lines, long RawRrwebBytes, int Events,
    byte[]? PosthogBody = null)
{
    public (byte[] Body, int SnapshotsOffset) Body()
    {
        var envelope = Load.Gzip(Encoding.UTF8.GetBytes(
            $$"""{"token":"{{Token}}","session_id":"{{SessionId}}","window_id":"{{WindowId}}","sequence":{{Sequence}},"sent_at":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"events":[]}"""));
        return ([.. envelope, .. Lines], envelope.Length);
    }
}

/// <summary>Where a phase posts: one server, or several nodes (the clients split across them); the server processes'
/// memory and CPU, and PostgreSQL's CPU when the nodes are on it.</summary>
internal sealed record Target(string Name, HttpClient[] Nodes, MemorySampler Server, PostgresCpu? Database);

/// <summary>One phase of every round: its endpoint on its target, and the letters of its session ids (measured, warm-up).</summary>
internal sealed record Phase(string Key, string Name, Target Target, string Path, string Token, char Letter, char WarmupLetter, bool Posthog = false);

internal sealed record PhaseResult(string Name, double[] Latencies, long RawBytes, TimeSpan Elapsed, long PeakRssBytes, int Retries, double ServerCpuSeconds,
    double? DatabaseCpuSeconds)
{
    /// <summary>The server's CPU time (user + system) per MB of raw rrweb JSON: what the work costs whatever else runs.</summary>
    public double ServerCpuMsPerMegabyte => ServerCpuSeconds * 1000 / (RawBytes / 1e6);

    /// <summary>PostgreSQL's CPU time (every one of its processes) per MB of raw rrweb JSON.</summary>
    public double DatabaseCpuMsPerMegabyte => (DatabaseCpuSeconds ?? double.NaN) * 1000 / (RawBytes / 1e6);

    public int Batches => Latencies.Length;
    public double P50Ms => Percentile(0.50);
    public double P99Ms => Percentile(0.99);

    /// <summary>The rounds of one phase taken together.</summary>
    public static PhaseResult Sum(IReadOnlyList<PhaseResult> rounds) => new(rounds[0].Name,
        rounds.SelectMany(r => r.Latencies).Order().ToArray(), rounds.Sum(r => r.RawBytes),
        TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)), rounds.Max(r => r.PeakRssBytes), rounds.Sum(r => r.Retries),
        rounds.Sum(r => r.ServerCpuSeconds), rounds[0].DatabaseCpuSeconds is null ? null : rounds.Sum(r => r.DatabaseCpuSeconds));

    private double Percentile(double p) => Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)(p * Latencies.Length))];

    public double BatchesPerSecond => Batches / Elapsed.TotalSeconds;
    public double MegabytesPerSecond => RawBytes / 1e6 / Elapsed.TotalSeconds;
}

/// <summary>Concurrent clients, each posting one session's batches in order (as one tab does), retrying 503s.</summary>
internal static class Load
{
    /// <param name="posthog">Prepares posthog-js's body for <c>/s/</c> instead (see <see cref="Posthog"/>).</param>
    public static List<List<PreparedBatch>> Prepare(List<List<BatchTemplate>> sessions, int replicas, string token, string runId, bool posthog = false)
    {
        var prepared = new List<List<PreparedBatch>>();
        for (var r = 0; r < replicas; r++)
            for (var s = 0; s < sessions.Count; s++)
            {
                var sessionId = $"bench-{runId}-{r}-{s}";
                var sequences = new Dictionary<string, long>();
                prepared.Add(sessions[s].Select(b =>
                {
                    var sequence = sequences[b.WindowId] = sequences.GetValueOrDefault(b.WindowId) + 1;
                    if (posthog)
                        return new PreparedBatch(sessionId, b.WindowId, sequence, token, [], b.RawBytes, b.Events.Count,
                            Posthog.Body(token, sessionId, b.WindowId, b.Events));
                    var lines = Gzip(Encoding.UTF8.GetBytes(string.Concat(b.Events.Select(e => $"[\"{b.WindowId}\",{e}]\n"))));
                    return new PreparedBatch(sessionId, b.WindowId, sequence, token, lines, b.RawBytes, b.Events.Count);
                }).ToList());
            }
        return prepared;
    }

    public static async Task<(PhaseResult Result, ConcurrentBag<PreparedBatch> Acknowledged)> RunAsync(
        string name, Phase phase, List<List<PreparedBatch>> sessions, int concurrency)
    {
        var (path, memory, database) = (phase.Path, phase.Target.Server, phase.Target.Database);
        var queue = new ConcurrentQueue<List<PreparedBatch>>(sessions);
        var latencies = new ConcurrentBag<double>();
        var acknowledged = new ConcurrentBag<PreparedBatch>();
        var retries = 0;
        memory.Reset();
        var cpuBefore = memory.CpuSeconds();
        var databaseBefore = database?.CpuSeconds();
        var clock = Stopwatch.StartNew();
        // Client i posts to node i mod n, as a load balancer spreads tabs over the nodes.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async client =>
        {
            var http = phase.Target.Nodes[client % phase.Target.Nodes.Length];
            while (queue.TryDequeue(out var session))
                foreach (var batch in session)
                {
                    while (true)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var (body, offset) = batch.PosthogBody is { } posthog ? (posthog, 0) : batch.Body();
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                        // Both endpoints get the same bytes; the baseline gunzips both members and ignores the offset.
                        // posthog-js names its send time in the query (_), and its compression.
                        using var response = await http.PostAsync(batch.PosthogBody is null ? $"{path}?snapshots_offset={offset}"
                            : $"{path}?compression=gzip-js&ver=1.449.2&_={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", content);
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            Interlocked.Increment(ref retries);
                            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                            continue;
                        }
                        if (!response.IsSuccessStatusCode)
                            throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        acknowledged.Add(batch);
                        break;
                    }
                }
        }));
        clock.Stop();
        var sorted = latencies.Order().ToArray();
        var result = new PhaseResult(name, sorted, acknowledged.Sum(b => b.RawRrwebBytes), clock.Elapsed, memory.Peak, retries,
            memory.CpuSeconds() - cpuBefore, database?.CpuSeconds() - databaseBefore);
        return (result, acknowledged);
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        // The browser's CompressionStream("gzip") uses zlib's default level, which Optimal matches.
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(data);
        return output.ToArray();
    }
}

/// <summary>Samples the server processes' resident memory (VmRSS, summed) every 20 ms to find each phase's peak.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer timer;
    private long peak;

    private readonly int[] pids;

    public MemorySampler(params int[] pids)
    {
        this.pids = pids;
        timer = new Timer(_ => Sample(), null, 0, 20);
    }

    /// <summary>The server processes' user + system CPU time so far.</summary>
    public double CpuSeconds() => pids.Sum(pid => ProcStat.Read(pid)?.OwnSeconds ?? 0);

    public long Peak => Interlocked.Read(ref peak);

    public void Reset() => Interlocked.Exchange(ref peak, 0);

    private void Sample()
    {
        try
        {
            long kb = 0;
            foreach (var pid in pids)
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
                if (line is null) return;
                kb += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
            long current;
            while ((current = Interlocked.Read(ref peak)) < kb * 1024 && Interlocked.CompareExchange(ref peak, kb * 1024, current) != current) { }
        }
        catch (IOException) { /* the server has exited */ }
    }

    public void Dispose() => timer.Dispose();
}

/// <summary>
/// PostgreSQL's CPU time: the postmaster's and every child's (backends, WAL writer, checkpointer…) user + system time,
/// plus what the children that have exited used (the postmaster's cutime + cstime, once it has waited for them).
/// </summary>
internal sealed class PostgresCpu(int postmaster)
{
    public double CpuSeconds()
    {
        var total = ProcStat.Read(postmaster) is { } p ? p.OwnSeconds + p.ChildrenSeconds : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcStat.Read(pid) is { } s && s.ParentPid == postmaster)
                total += s.OwnSeconds + s.ChildrenSeconds;
        return total;
    }
}

/// <summary>/proc/PID/stat: fields 4 (ppid), 14–15 (utime, stime) and 16–17 (cutime, cstime), in clock ticks of 1/100 s.</summary>
internal sealed record ProcStat(int ParentPid, double OwnSeconds, double ChildrenSeconds)
{
    public static ProcStat? Read(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; } // exited meanwhile
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new(int.Parse(fields[1]), (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0, (long.Parse(fields[13]) + long.Parse(fields[14])) / 100.0);
    }
}
