using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>The two tracking modes and the playback quota, seen from a real browser running the SDK.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TrackingModeBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private readonly RecordingsApp app = new();
    private TestSite site = null!;
    private CapturedData stored = null!;

    public async Task InitializeAsync()
    {
        site = await TestSite.StartAsync();
        stored = new CapturedData(app.DataDirectory);
    }

    public async Task DisposeAsync()
    {
        await site.DisposeAsync();
        app.Dispose();
    }

    private const string Body = """<h1 id="title">Shop</h1><button id="buy">Buy</button> <a id="next" href="/second">Next</a>""";

    [Fact]
    public async Task With_the_manual_toggle_off_a_session_is_recorded_from_its_first_page()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, url);
        await page.WaitForModeAsync("playback");
        var session = await page.SessionIdAsync();
        await BrowserSession.WaitForFullSnapshotAsync(stored, session);
        var first = (await stored.ChunksAsync(session))[0];
        Assert.Contains($"\"href\":\"{url}\"", first.Jsonl);
        Assert.Contains("{\"type\":2,", first.Jsonl);
        Assert.Equal(url, (await stored.RecordingAsync(session))!.StartUrl);
    }

    [Fact]
    public async Task The_sdk_sends_rrweb_events_as_their_own_gzip_member_and_the_server_stores_that_member_as_it_arrived()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync();
        // Keeps a copy of the second member of every split body the SDK sends, as the bytes that left the page.
        await context.AddInitScriptAsync("""
            window.__members = [];
            const send = window.fetch;
            window.fetch = function (url, init) {
              const offset = /snapshots_offset=(\d+)/.exec(String(url));
              if (offset && init && init.body instanceof Blob)
                init.body.slice(+offset[1]).arrayBuffer().then(b => window.__members.push(Array.from(new Uint8Array(b))));
              return send.apply(this, arguments);
            };
            """);
        var page = await BrowserSession.OpenAsync(context, url);
        await page.WaitForModeAsync("playback");
        await page.ClickAsync("#buy");
        await page.FlushAsync();
        var session = await page.SessionIdAsync();
        await BrowserSession.WaitForFullSnapshotAsync(stored, session);

        var chunks = await stored.ChunkBytesAsync(session);
        Assert.NotEmpty(chunks);
        var members = (await page.EvaluateAsync<int[][]>("() => window.__members")).Select(m => m.Select(b => (byte)b).ToArray()).ToList();
        // Each stored chunk is one of the members the browser sent, byte for byte: the server compressed nothing.
        Assert.All(chunks, chunk => Assert.Contains(members, m => m.AsSpan().SequenceEqual(chunk)));
    }

    [Fact]
    public async Task A_burst_of_rrweb_data_larger_than_a_batch_may_be_goes_out_in_several_batches_and_all_of_it_is_stored()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, url);
        await page.WaitForModeAsync("playback");
        var session = await page.SessionIdAsync();
        await BrowserSession.WaitForFullSnapshotAsync(stored, session);

        // Five paragraphs of 900 000 characters each within a quarter of a second (five mutation events): 4.5 MB of
        // rrweb data between two of the SDK's timed sends, more than it puts in one batch (2 MiB of rrweb JSON).
        await page.EvaluateAsync("""
            async () => {
              for (let i = 0; i < 5; i++) {
                const p = document.createElement('p');
                p.textContent = 'burst-' + i + '-' + 'x'.repeat(900000);
                document.body.appendChild(p);
                await new Promise(r => setTimeout(r, 50));
              }
            }
            """);
        await page.FlushAsync();

        var chunks = await stored.ChunksAsync(session);
        var withBurst = chunks.Where(c => c.Jsonl.Contains("burst-", StringComparison.Ordinal)).ToList();
        Assert.True(withBurst.Count >= 3, $"{withBurst.Count} batches carried the burst");
        Assert.All(chunks, c => Assert.True(c.Jsonl.Length < 3 * 1024 * 1024, $"a batch of {c.Jsonl.Length} characters"));
        var all = string.Concat(chunks.Select(c => c.Jsonl));
        for (var i = 0; i < 5; i++) Assert.Contains($"burst-{i}-", all);
    }

    [Fact]
    public async Task With_the_manual_toggle_on_a_session_is_behaviour_only_until_the_call_and_replayable_from_it_with_earlier_events_kept()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        site.Page("second", app.BaseAddress, env.Token, "<h1>Second page</h1>");
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, url);
        await page.ClickAsync("#buy");
        await page.EvaluateAsync("() => RecordingsAPI.track('before_playback', { step: 1 })");
        await page.FlushAsync();
        var session = await page.SessionIdAsync();
        Assert.Empty(await stored.ChunksAsync(session));

        var calledAt = IngestClient.Now;
        var answer = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => RecordingsAPI.startPlaybackRecording()");
        Assert.Equal("playback", answer.GetProperty("mode").GetString());
        await BrowserSession.WaitForFullSnapshotAsync(stored, session);
        Assert.All(await stored.ChunksAsync(session), c => Assert.True(c.FirstMs >= calledAt - 1000, "no replay data from before the call"));

        // A later page load of the session records from its start.
        await page.ClickAsync("#next");
        await page.ReachesUrlAsync(site.Url("second"));
        await page.WaitForFunctionAsync("() => window.sdkReady && RecordingsAPI.getTrackingMode() === 'playback'");
        await Eventually.TrueAsync(async () => (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains("Second page")), "the second page's snapshot");

        var events = await stored.EventsAsync(session);
        Assert.Contains(events, e => e.Type == "click" && e.Selector == "button#buy" && e.TimestampMs < calledAt);
        Assert.Contains(events, e => e.Type == "custom" && e.TimestampMs < calledAt);
        Assert.Contains(events, e => e.Type == "pageview" && e.TimestampMs < calledAt);
    }

    [Fact]
    public async Task Calling_start_playback_several_times_uses_the_quota_once()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true, PlaybackQuota = 10 });
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, url);
        await page.EvaluateAsync("() => Promise.all([WalkMeInsightsAPI.startPlaybackRecording(), WalkMeInsightsAPI.startPlaybackRecording()])");
        await page.EvaluateAsync("() => WalkMeInsightsAPI.startPlaybackRecording()");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.sdkReady === true");
        var again = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => WalkMeInsightsAPI.startPlaybackRecording()");
        Assert.Equal("playback", again.GetProperty("mode").GetString());
        Assert.Equal(1, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
    }

    [Fact]
    public async Task A_second_tab_of_the_same_session_switches_to_playback_too()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync();
        var first = await BrowserSession.OpenAsync(context, url);
        var second = await BrowserSession.OpenAsync(context, url);
        var session = await first.SessionIdAsync();
        Assert.Equal(session, await second.SessionIdAsync());
        Assert.NotEqual(await first.WindowIdAsync(), await second.WindowIdAsync());
        Assert.Equal("behavior", await second.ModeAsync());

        await first.EvaluateAsync("() => RecordingsAPI.startPlaybackRecording()");
        await second.WaitForModeAsync("playback");
        await BrowserSession.WaitForFullSnapshotAsync(stored, session, await second.WindowIdAsync());
        Assert.Equal(1, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
    }

    [Fact]
    public async Task With_a_quota_of_one_the_second_session_stays_in_behaviour_and_is_told_why()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true, PlaybackQuota = 1 });
        var url = site.Page("first", app.BaseAddress, env.Token, Body);
        await using var firstVisitor = await chromium.Browser.NewContextAsync();
        await using var secondVisitor = await chromium.Browser.NewContextAsync();
        var first = await BrowserSession.OpenAsync(firstVisitor, url);
        var second = await BrowserSession.OpenAsync(secondVisitor, url);
        var firstAnswer = await first.EvaluateAsync<System.Text.Json.JsonElement>("() => WalkMeInsightsAPI.startPlaybackRecording()");
        var secondAnswer = await second.EvaluateAsync<System.Text.Json.JsonElement>("() => WalkMeInsightsAPI.startPlaybackRecording()");
        Assert.Equal("playback", firstAnswer.GetProperty("mode").GetString());
        Assert.Equal("behavior", secondAnswer.GetProperty("mode").GetString());
        Assert.Equal("quota_exhausted", secondAnswer.GetProperty("reason").GetString());
        await second.ClickAsync("#buy");
        await second.FlushAsync();
        var secondSession = await second.SessionIdAsync();
        Assert.Equal("behavior", (await stored.RecordingAsync(secondSession))!.Mode);
        Assert.Empty(await stored.ChunksAsync(secondSession));
        Assert.Contains(await stored.EventsAsync(secondSession), e => e.Type == "click");
    }
}
