using System.Diagnostics;

namespace ApiBench;

/// <summary>Times sequential requests (status checked, body read) and reports percentiles in milliseconds.</summary>
internal static class Latency
{
    public sealed record Result(string Name, int Requests, double P50, double P95, double Max, double First);

    public static async Task<Result> MeasureAsync(HttpClient http, string name, string url, int requests, int warmup)
    {
        var first = await TimeAsync(http, url);
        for (var i = 0; i < warmup; i++) await TimeAsync(http, url);
        var samples = new double[requests];
        for (var i = 0; i < requests; i++) samples[i] = await TimeAsync(http, url);
        Array.Sort(samples);
        return new Result(name, requests, Percentile(samples, 0.50), Percentile(samples, 0.95), samples[^1], first);
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
