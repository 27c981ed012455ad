using Microsoft.Playwright;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Metrics;

/// <summary>
/// Counts of visits recorded by our SDK in Chromium (behaviour events and rrweb data of the same things), and of the
/// same rrweb data posted again alone, as a client that sends only rrweb data (posthog-js) would.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RecordedMetricsBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private readonly RecordingsApp app = new();
    private HttpClient http = null!;
    private TestSite site = null!;
    private CapturedData stored = null!;

    public async Task InitializeAsync()
    {
        site = await TestSite.StartAsync();
        stored = new CapturedData(app.DataDirectory);
        http = app.NewClient();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await site.DisposeAsync();
        app.Dispose();
    }

    private const string Body = """<h1>Shop</h1><button id="buy">Buy</button> <button id="more">More</button> <a id="next" href="/second">Next</a>""";

    /// <summary>A console warning, a console error and an uncaught exception, as a page's own code makes them.</summary>
    private const string Trouble = """
        () => new Promise(done => {
          console.warn('stock is low');
          console.error('payment refused');
          setTimeout(() => { done(); throw new Error('boom'); }, 0);
        })
        """;

    private async Task<(MetricsIngestClient Client, string Session)> RecordVisitAsync(bool manualStart)
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = manualStart });
        site.Page("second", app.BaseAddress, env.Token, "<h1>Second page</h1>");
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        var client = new MetricsIngestClient(app, http, env.Id, env.Token);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, url);
        var session = await page.SessionIdAsync();
        if (manualStart)
        {
            // The behaviour-only part: one click and the console error.
            await page.ClickAsync("#buy");
            await page.EvaluateAsync("() => console.error('payment refused')");
            await page.EvaluateAsync("() => RecordingsAPI.startPlaybackRecording()");
        }
        await page.WaitForModeAsync("playback");
        await BrowserSession.WaitForFullSnapshotAsync(stored, session);
        await page.ClickAsync("#buy");
        await page.ClickAsync("#more");
        if (manualStart) await page.EvaluateAsync("() => new Promise(done => setTimeout(() => { done(); throw new Error('boom'); }, 0))");
        else
        {
            await page.ClickAsync("#buy");
            await page.EvaluateAsync(Trouble);
        }
        await page.FlushAsync();
        await Eventually.TrueAsync(async () => (await stored.EventsAsync(session)).Any(e => e.Type == "error"), "the uncaught exception stored");
        // Navigated to (not a click on the link), so the clicks above are all the visit's clicks.
        await page.GotoAsync(site.Url("second"));
        await page.WaitForFunctionAsync("() => window.sdkReady && RecordingsAPI.getTrackingMode() === 'playback'");
        await Eventually.TrueAsync(async () => (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains("Second page")), "the second page's snapshot");
        await page.FlushAsync();
        return (client, session);
    }

    [Fact]
    public async Task A_recorded_visit_counts_each_click_warning_error_and_page_once_though_both_sources_saw_them()
    {
        var (client, session) = await RecordVisitAsync(manualStart: false);
        var r = await client.RecordingAsync(session);
        Assert.Equal(3, r.ClickCount);
        Assert.Equal(1, r.ConsoleWarnCount);
        // The console error and the uncaught exception: the exception once, though the SDK and rrweb's console plugin both saw it.
        Assert.Equal(2, r.ConsoleErrorCount);
        Assert.Equal(site.Url("first"), r.StartUrl);

        var summary = await client.SummaryAsync(session);
        Assert.Equal([site.Url("first"), site.Url("second")], summary.Pages.Select(p => p.Url));
        Assert.Equal(3, summary.Clicks.Sum(c => c.Count));
        Assert.Equal(2, summary.Errors.Count);
        Assert.Single(summary.Errors, e => e.Kind == "exception" && e.Message.Contains("boom"));
        Assert.Equal(2, (await client.ErrorClustersAsync()).Sum(c => c.Occurrences));
        // The session's events as counted: one row per error, though the SDK and the console plugin both reported the exception.
        Assert.Equal(2, (await client.CountedEventsAsync(session)).Count(MetricsIngestClient.IsError));

        // Start and end are the first and last stored event, of either kind (read until the page's last beacon, sent
        // as its browser context closed, has been stored or not: both reads must describe the same stored data).
        await Eventually.TrueAsync(async () =>
        {
            var times = (await stored.EventsAsync(session)).Select(e => e.TimestampMs)
                .Concat((await stored.ChunksAsync(session)).SelectMany(c => new[] { c.FirstMs, c.LastMs })).ToList();
            var now = await client.RecordingAsync(session);
            return now.StartMs == times.Min() && now.EndMs == times.Max();
        }, "start and end are the first and last stored event");
    }

    [Fact]
    public async Task The_same_rrweb_data_posted_alone_gives_the_same_counts_pages_and_errors()
    {
        var (client, session) = await RecordVisitAsync(manualStart: false);
        var sequence = 0;
        foreach (var chunk in await stored.ChunksAsync(session))
            await client.SendLinesAsync("rrweb-copy", chunk.WindowId, ++sequence, chunk.Jsonl);

        var copy = await client.RecordingAsync("rrweb-copy");
        Assert.Equal((3, 1, 2), (copy.ClickCount, copy.ConsoleWarnCount, copy.ConsoleErrorCount));
        Assert.True(copy.KeypressCount == 0 && copy.MouseActivityCount > 0 && copy.ConsoleLogCount == 0);
        Assert.Equal(site.Url("first"), copy.StartUrl);
        var summary = await client.SummaryAsync("rrweb-copy");
        Assert.DoesNotContain("No page views", summary.Text);
        Assert.Equal([site.Url("first"), site.Url("second")], summary.Pages.Select(p => p.Url));
        Assert.Equal(["payment refused", "Uncaught Error: boom"], summary.Errors.Select(e => e.Message));
    }

    [Fact]
    public async Task A_visit_that_starts_behaviour_only_counts_its_early_part_from_behaviour_events_and_the_rest_once()
    {
        var (client, session) = await RecordVisitAsync(manualStart: true);
        var r = await client.RecordingAsync(session);
        // One click before playback and two after; the console error before and the exception after.
        Assert.Equal(3, r.ClickCount);
        Assert.Equal(2, r.ConsoleErrorCount);
        var summary = await client.SummaryAsync(session);
        Assert.Equal(2, summary.Errors.Count);
        Assert.Equal(2, summary.Pages.Count);
    }

    [Fact]
    public async Task Active_time_of_two_tabs_is_the_same_whichever_tab_s_batches_arrive_first()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        var client = new MetricsIngestClient(app, http, env.Id, env.Token);
        await using var context = await chromium.Browser.NewContextAsync();
        var first = await BrowserSession.OpenAsync(context, url);
        var second = await BrowserSession.OpenAsync(context, url);
        var session = await first.SessionIdAsync();
        await BrowserSession.WaitForFullSnapshotAsync(stored, session, await first.WindowIdAsync());
        await BrowserSession.WaitForFullSnapshotAsync(stored, session, await second.WindowIdAsync());
        // The tabs take turns: the first tab's clicks start earlier, the second's end later.
        await first.ClickAsync("#buy");
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await Pause(first);
            await second.ClickAsync("#buy");
            await Pause(second);
            await first.ClickAsync("#more");
        }
        await Pause(second);
        await second.ClickAsync("#more");
        await Pause(second);
        await second.ClickAsync("#more");
        await first.FlushAsync();
        await second.FlushAsync();

        var chunks = await stored.ChunksAsync(session);
        var windows = chunks.Select(c => c.WindowId).Distinct().ToList();
        Assert.Equal(2, windows.Count);
        var sequence = 0;
        foreach (var c in chunks.OrderBy(c => c.WindowId == windows[0] ? 0 : 1).ThenBy(c => c.FirstMs))
            await client.SendLinesAsync("first-tab-first", c.WindowId, ++sequence, c.Jsonl);
        foreach (var c in chunks.OrderBy(c => c.WindowId == windows[1] ? 0 : 1).ThenBy(c => c.FirstMs))
            await client.SendLinesAsync("second-tab-first", c.WindowId, ++sequence, c.Jsonl);

        var a = await client.RecordingAsync("first-tab-first");
        var b = await client.RecordingAsync("second-tab-first");
        Assert.True(a.ActiveMs > 1000, $"active {a.ActiveMs} ms");
        Assert.Equal(a.ActiveMs, b.ActiveMs);
        Assert.Equal(9, a.ClickCount);
    }

    /// <summary>Lets a few hundred ms of the visit pass in a tab (the visit's own pace, not a wait for a condition).</summary>
    private static Task Pause(IPage page) => page.WaitForTimeoutAsync(400);
}
