using System.Diagnostics;

namespace ApiBench;

/// <summary>
/// Times sequential requests (status checked, body read) and reports percentiles in milliseconds, and the server's
/// (and on PostgreSQL the database's) CPU time per measured request: on a machine shared with other work the
/// wall-clock percentiles follow the load, while the CPU a request costs hardly does.
/// </summary>
internal static class Latency
{
    public sealed record Result(string Name, int Requests, double P50, double P95, double Max, double First, double ServerCpuMs, double? DatabaseCpuMs);

    public static async Task<Result> MeasureAsync(HttpClient http, string name, string url, int requests, int warmup, Func<TimeSpan> serverCpu,
        Func<TimeSpan>? databaseCpu = null)
    {
        var first = await TimeAsync(http, url);
        for (var i = 0; i < warmup; i++) await TimeAsync(http, url);
        var samples = new double[requests];
        var (cpuBefore, databaseBefore) = (serverCpu(), databaseCpu?.Invoke());
        for (var i = 0; i < requests; i++) samples[i] = await TimeAsync(http, url);
        var cpuMs = (serverCpu() - cpuBefore).TotalMilliseconds / requests;
        var databaseMs = databaseCpu is null ? (double?)null : (databaseCpu() - databaseBefore!.Value).TotalMilliseconds / requests;
        Array.Sort(samples);
        return new Result(name, requests, Percentile(samples, 0.50), Percentile(samples, 0.95), samples[^1], first, cpuMs, databaseMs);
    }

    public static async Task<double> TimeAsync(HttpClient http, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return watch.Elapsed.TotalMilliseconds;
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
