using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Operating;

/// <summary>
/// Alone: OpenTelemetry's listener sees every meter of that name in the process, and with other servers' meters of the
/// same name alive in parallel tests it keeps the first instruments it finds, which need not be this server's.
/// </summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsCollection;

[Collection(nameof(MetricsTests))]
public sealed partial class MetricsTests
{
    private const string Key = "scrape-key-for-tests";

    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_the_ingestion_counters_move_when_batches_are_stored_and_refused()
    {
        using var app = new RecordingsApp(settings: new Dictionary<string, string?> { ["Metrics:Enabled"] = "true", ["Metrics:ScrapeKey"] = Key, ["Storage:MetricsRefreshSeconds"] = "0" });
        var env = await CaptureEnvironment.CreateAsync(app);
        using var http = app.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);

        var before = await ScrapeAsync(app);
        var ingest = new IngestClient(http, env.Token);
        Assert.Equal(HttpStatusCode.OK, (await ingest.BeginAsync("metrics-session")).StatusCode);
        for (var seq = 1; seq <= 3; seq++) Assert.Equal(HttpStatusCode.OK, (await ingest.SendAsync(ingest.Batch("metrics-session", seq))).StatusCode);
        var refused = ingest.Batch("metrics-session", 4);
        refused["token"] = "env_unknown";
        Assert.NotEqual(HttpStatusCode.OK, (await ingest.SendAsync(refused)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/ingest/batch", new StringContent("{}"))).StatusCode);

        Dictionary<string, double> after = [];
        await Eventually.TrueAsync(async () =>
        {
            after = await ScrapeAsync(app);
            return Value(after, "recordings_ingest_batches_total") - Value(before, "recordings_ingest_batches_total") >= 3;
        }, "three stored batches counted");
        Assert.Equal(3, Value(after, "recordings_ingest_batches_total") - Value(before, "recordings_ingest_batches_total"));
        Assert.True(Value(after, "recordings_ingest_body_bytes_total") > Value(before, "recordings_ingest_body_bytes_total"));
        Assert.Equal(1, Value(after, "recordings_ingest_rejections_total", "reason=\"invalid_input\"") - Value(before, "recordings_ingest_rejections_total", "reason=\"invalid_input\""));
        Assert.True(Value(after, "recordings_ingest_rejections_total") - Value(before, "recordings_ingest_rejections_total") >= 2);
        Assert.True(Value(after, "recordings_writer_commit_duration_seconds_count") >= 3);
        Assert.Contains(after.Keys, k => k.StartsWith("recordings_ingest_queue_depth", StringComparison.Ordinal));
        Assert.Contains(after.Keys, k => k.StartsWith("http_server_request_duration_seconds_bucket", StringComparison.Ordinal) && k.Contains("http_route=\"/ingest/batch\""));
        Assert.Contains(after.Keys, k => k.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal));
        Assert.Contains(after.Keys, k => k.StartsWith("recordings_storage_hot_bytes", StringComparison.Ordinal) && k.Contains($"environment=\"{env.Id}\""));
        Assert.Contains(after.Keys, k => k.StartsWith("recordings_playback_quota_used", StringComparison.Ordinal) && k.Contains($"environment=\"{env.Id}\""));
    }

    [Fact]
    public async Task Metrics_are_off_by_default()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
    }

    /// <summary>Every sample line of the Prometheus text format, keyed by name and labels; any other line fails.</summary>
    private static async Task<Dictionary<string, double>> ScrapeAsync(RecordingsApp app)
    {
        using var http = app.NewClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        var samples = new Dictionary<string, double>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches(@"^# (TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)|HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|EOF)$", line);
                continue;
            }
            var sample = Sample().Match(line);
            Assert.True(sample.Success, line);
            samples[sample.Groups["series"].Value] = double.Parse(sample.Groups["value"].Value.Replace("+Inf", "Infinity"), CultureInfo.InvariantCulture);
        }
        return samples;
    }

    private static double Value(Dictionary<string, double> samples, string name, string? label = null) =>
        samples.Where(s => (s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)) && (label is null || s.Key.Contains(label))).Sum(s => s.Value);

    [GeneratedRegex(@"^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\]|\\.)*"",?)*\})?) (?<value>[-+]?([0-9.eE+-]+|Inf|NaN))( -?\d+)?$")]
    private static partial Regex Sample();
}
