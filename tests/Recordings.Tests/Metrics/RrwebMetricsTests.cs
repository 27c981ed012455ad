using System.Text.Json.Nodes;
using Recordings.Tests.Capture;
using static Recordings.Tests.Metrics.MetricsIngestClient;
using static Recordings.Tests.Metrics.RrwebEvents;

namespace Recordings.Tests.Metrics;

/// <summary>Counts, start URL, page views and errors of sessions sent as rrweb data, as behaviour events, or both.</summary>
public sealed class RrwebMetricsTests : IngestionServerTest
{
    private async Task<MetricsIngestClient> ClientAsync()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        return new MetricsIngestClient(app, http, env.Id, env.Token);
    }

    /// <summary>Three page loads of one tab with 4 clicks (one double click among them), 5 inputs, 2 logs, a warning and 2 errors.</summary>
    private static List<List<JsonObject>> RrwebVisit(long t0) =>
    [
        [Meta(t0, "https://shop.test/"), FullSnapshot(t0 + 1), Mouse(t0 + 100, 1), Mouse(t0 + 150, 0), Mouse(t0 + 160, 2),
            Console(t0 + 200, "log", "loaded"), Console(t0 + 210, "info", "ready")],
        [Meta(t0 + 1000, "https://shop.test/cart"), FullSnapshot(t0 + 1001), Mouse(t0 + 1100, 2), Mouse(t0 + 1250, 2), Mouse(t0 + 1260, 4),
            Input(t0 + 1300), Input(t0 + 1350), Input(t0 + 1400), Console(t0 + 1500, "warn", "slow cart")],
        [Meta(t0 + 2000, "https://shop.test/pay"), FullSnapshot(t0 + 2001), Input(t0 + 2100), Input(t0 + 2150), Mouse(t0 + 2200, 2),
            Console(t0 + 2300, "error", "payment refused"),
            Console(t0 + 2400, "error", "Uncaught Error: boom", "pay (https://shop.test/pay.js:10:5)")],
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_session_sent_as_rrweb_data_alone_has_its_clicks_inputs_console_counts_page_views_and_errors(bool splitBody)
    {
        var client = await ClientAsync();
        var t0 = IngestClient.Now - 60_000;
        var batches = RrwebVisit(t0);
        for (var i = 0; i < batches.Count; i++) await client.SendAsync("rrweb-only", "w1", i + 1, snapshots: batches[i], split: splitBody);

        var r = await client.RecordingAsync("rrweb-only");
        Assert.Equal(4, r.ClickCount);
        Assert.Equal(5, r.KeypressCount);
        Assert.Equal(2, r.ConsoleLogCount);
        Assert.Equal(1, r.ConsoleWarnCount);
        Assert.Equal(2, r.ConsoleErrorCount);
        Assert.Equal("https://shop.test/", r.StartUrl);
        Assert.Equal(t0, r.StartMs);
        Assert.Equal(t0 + 2400, r.EndMs);

        var summary = await client.SummaryAsync("rrweb-only");
        Assert.DoesNotContain("No page views", summary.Text);
        Assert.Equal(["https://shop.test/", "https://shop.test/cart", "https://shop.test/pay"], summary.Pages.Select(p => p.Url));
        Assert.Equal(4, summary.Clicks.Sum(c => c.Count));
        Assert.Equal(2, summary.Errors.Count);
        Assert.Equal("Uncaught Error: boom", Assert.Single(summary.Errors, e => e.Kind == "exception").Message);
        Assert.Equal("payment refused", Assert.Single(summary.Errors, e => e.Kind == "console_error").Message);
        Assert.Equal("https://shop.test/pay", summary.Errors[0].Url);

        var events = await client.CountedEventsAsync("rrweb-only");
        Assert.Equal((3, 4, 2), (events.Count(e => e.Type == "pageview"), events.Count(e => e.Type == "click"), events.Count(IsError)));

        var clusters = await client.ErrorClustersAsync();
        Assert.Equal(2, clusters.Sum(c => c.Occurrences));
        Assert.Contains(clusters, c => c.Kind == "exception" && c.SampleMessage == "Uncaught Error: boom");
    }

    [Fact]
    public async Task A_thing_both_sources_report_counts_once_in_either_order_of_arrival()
    {
        var client = await ClientAsync();
        var t0 = IngestClient.Now - 60_000;
        // What our SDK sends for one page in playback: behaviour events and rrweb events of the same things.
        List<JsonObject> Behavior() =>
        [
            MetricsIngestClient.Behavior("pageview", t0, url: "https://shop.test/", name: "Shop"),
            MetricsIngestClient.Behavior("click", t0 + 161, selector: "button#buy", text: "Buy"),
            MetricsIngestClient.Behavior("console", t0 + 200, name: "warn", text: "careful"),
            MetricsIngestClient.Behavior("console", t0 + 300, name: "error", text: "bad thing"),
            MetricsIngestClient.Behavior("error", t0 + 400, name: "Uncaught Error: boom", url: "https://shop.test/app.js"),
        ];
        List<JsonObject> Rrweb() =>
        [
            Meta(t0 + 50, "https://shop.test/"), FullSnapshot(t0 + 51), Mouse(t0 + 160, 2),
            Console(t0 + 201, "warn", "careful"), Console(t0 + 301, "error", "bad thing"), Console(t0 + 401, "error", "Uncaught Error: boom"),
        ];
        await client.SendAsync("same-batch", "w1", 1, Behavior(), Rrweb(), split: true);
        await client.SendAsync("rrweb-first", "w1", 1, snapshots: Rrweb(), split: true);
        await client.SendAsync("rrweb-first", "w1", 2, events: Behavior());
        await client.SendAsync("behaviour-first", "w1", 1, events: Behavior());
        await client.SendAsync("behaviour-first", "w1", 2, snapshots: Rrweb(), split: true);

        foreach (var session in new[] { "same-batch", "rrweb-first", "behaviour-first" })
        {
            var r = await client.RecordingAsync(session);
            Assert.Equal((1, 1, 2), (r.ClickCount, r.ConsoleWarnCount, r.ConsoleErrorCount));
            var summary = await client.SummaryAsync(session);
            // Header, summary and events agree: one click (the behaviour event, which names its target), one page, two errors.
            Assert.Equal("button#buy", Assert.Single(summary.Clicks).Target);
            Assert.Single(summary.Pages);
            Assert.Equal(["bad thing", "Uncaught Error: boom"], summary.Errors.Select(e => e.Message));
            Assert.Contains("2 errors", summary.Text);
            var events = await client.CountedEventsAsync(session);
            Assert.Equal((1, 1, 2), (events.Count(e => e.Type == "pageview"), events.Count(e => e.Type == "click"), events.Count(IsError)));
        }
        Assert.Equal(3, (await client.ErrorClustersAsync()).Single(c => c.Kind == "exception").Occurrences);
    }

    [Fact]
    public async Task Each_tab_counts_from_the_source_that_saw_it_and_the_recording_adds_the_tabs()
    {
        var client = await ClientAsync();
        var t0 = IngestClient.Now - 60_000;
        // Tab 1 behaviour-only (2 clicks, 1 error); tab 2 rrweb only (3 clicks, 1 error, 1 warning).
        await client.SendAsync("two-tabs", "w1", 1, events:
        [
            MetricsIngestClient.Behavior("pageview", t0, url: "https://shop.test/a"),
            MetricsIngestClient.Behavior("click", t0 + 10, selector: "a"), MetricsIngestClient.Behavior("click", t0 + 20, selector: "b"),
            MetricsIngestClient.Behavior("error", t0 + 30, name: "TypeError: x is undefined"),
        ]);
        await client.SendAsync("two-tabs", "w2", 1, snapshots:
        [
            Meta(t0 + 5, "https://shop.test/b"), FullSnapshot(t0 + 6), Mouse(t0 + 40, 2), Mouse(t0 + 50, 2), Mouse(t0 + 60, 2),
            Console(t0 + 70, "error", "Uncaught (in promise) Error: late"), Console(t0 + 80, "warn", "w"),
        ], split: true);

        var r = await client.RecordingAsync("two-tabs");
        Assert.Equal((5, 2, 1), (r.ClickCount, r.ConsoleErrorCount, r.ConsoleWarnCount));
        Assert.Equal("https://shop.test/a", r.StartUrl);
        Assert.Equal(2, (await client.SummaryAsync("two-tabs")).Pages.Count);
    }

    [Fact]
    public async Task Start_and_end_are_the_first_and_last_event_not_when_the_session_request_arrived()
    {
        var client = await ClientAsync();
        var t0 = IngestClient.Now - 30_000;
        // The page's session request arrives now, well after the events it is followed by were stamped.
        await client.BeginAsync("from-events", "w1", IngestClient.Now);
        await client.SendAsync("from-events", "w1", 1,
            [MetricsIngestClient.Behavior("pageview", t0 + 2000, url: "https://shop.test/")],
            [Meta(t0 + 2100, "https://shop.test/"), FullSnapshot(t0 + 2101), Mouse(t0 + 5000, 2)]);
        var r = await client.RecordingAsync("from-events");
        Assert.Equal(t0 + 2000, r.StartMs);
        Assert.Equal(t0 + 5000, r.EndMs);
    }

    [Fact]
    public async Task A_session_request_alone_shows_its_arrival_as_start_and_end_until_events_come()
    {
        var client = await ClientAsync();
        var before = IngestClient.Now;
        await client.BeginAsync("no-events-yet", "w1", IngestClient.Now);
        var r = await client.RecordingAsync("no-events-yet");
        Assert.InRange(r.StartMs, before, IngestClient.Now);
        Assert.Equal(r.StartMs, r.EndMs);
    }

    /// <summary>Two tabs whose interactions overlap in time: the first from 0 to 20 s, the second from 6 to 30 s.</summary>
    private static (List<JsonObject> First, List<JsonObject> Second) OverlappingTabs(long t0) =>
        ([.. Enumerable.Range(0, 11).Select(i => MouseMove(t0 + i * 2000))],
         [.. Enumerable.Range(0, 9).Select(i => MouseMove(t0 + 6000 + i * 3000))]);

    [Fact]
    public async Task Active_time_is_the_union_of_both_tabs_activity_whichever_tab_arrives_first()
    {
        var client = await ClientAsync();
        var t0 = IngestClient.Now - 120_000;
        var (first, second) = OverlappingTabs(t0);
        await client.SendAsync("first-tab-first", "w1", 1, snapshots: first);
        await client.SendAsync("first-tab-first", "w2", 1, snapshots: second);
        await client.SendAsync("second-tab-first", "w2", 1, snapshots: second);
        await client.SendAsync("second-tab-first", "w1", 1, snapshots: first);
        // One batch at a time, the second tab's batches interleaved with the first's.
        for (var i = 0; i < 11; i++)
        {
            await client.SendAsync("interleaved", "w1", i + 1, snapshots: [first[i]]);
            if (i < 9) await client.SendAsync("interleaved", "w2", i + 1, snapshots: [second[i]]);
        }

        // Interactions of either tab at most 5 s apart: one active stretch from 0 s to 30 s.
        foreach (var session in new[] { "first-tab-first", "second-tab-first", "interleaved" })
            Assert.Equal(30_000, (await client.RecordingAsync(session)).ActiveMs);
    }
}
