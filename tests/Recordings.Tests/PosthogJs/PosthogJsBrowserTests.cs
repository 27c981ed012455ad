using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using Modules.Environments.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.DashboardPages;
using Recordings.Tests.Support;

namespace Recordings.Tests.PosthogJs;

/// <summary>The real posthog-js from npm, on a page of another origin, recording to our server with only api_host changed.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PosthogJsBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private readonly RecordingsApp app = new();
    private PosthogSite site = null!;
    private CapturedData stored = null!;

    public async Task InitializeAsync()
    {
        site = await PosthogSite.StartAsync();
        stored = new CapturedData(app.DataDirectory);
    }

    public async Task DisposeAsync()
    {
        await site.DisposeAsync();
        app.Dispose();
    }

    private const string Body = """
        <h1 id="title">Shop</h1><button id="buy" onclick="document.getElementById('title').textContent = 'Bought ' + Date.now()">Buy</button>
        <button id="say" onclick="console.log('hello'); console.warn('careful'); console.error('broken')">Say</button>
        """;

    /// <summary>posthog-js drops the events of a browser that calls itself headless, as a bot: a visitor's own user agent.</summary>
    private static readonly BrowserNewContextOptions Visitor = new()
    {
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    };

    private static async Task<IPage> OpenAsync(IBrowserContext context, string url)
    {
        // Playwright marks the browser as driven (navigator.webdriver), which posthog-js takes for a bot; a visitor's is not.
        await context.AddInitScriptAsync("Object.defineProperty(navigator, 'webdriver', { get: () => false })");
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.phLoaded === true", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        return page;
    }

    private static Task<string> SessionIdAsync(IPage page) => page.EvaluateAsync<string>("() => posthog.get_session_id()");

    private async Task<JsonElement> RecordingFromApiAsync(EnvironmentInfo env, string session)
    {
        using var http = app.NewClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CaptureEnvironment.ApiKeyAsync(app, ApiScopes.RecordingRead));
        var response = await http.GetAsync($"/api/projects/{env.Id}/session_recordings/{session}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task With_the_manual_toggle_off_posthog_js_records_a_replayable_session_whose_clicks_and_console_lines_the_api_counts()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var url = site.Page("shop", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync(Visitor);
        var page = await OpenAsync(context, url);
        await page.WaitForFunctionAsync("() => posthog.sessionRecordingStarted()", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        var session = await SessionIdAsync(page);
        for (var i = 0; i < 3; i++) await page.ClickAsync("#buy");
        await page.ClickAsync("#say");

        // The console plugin's lines and the clicks arrive as rrweb data (posthog-js sends no other replay data).
        await Eventually.TrueAsync(async () =>
            (await stored.ChunksAsync(session)).Sum(c => System.Text.RegularExpressions.Regex.Matches(c.Jsonl, "\"source\":2,\"type\":2,").Count) >= 3
            && (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains("rrweb/console@1") && c.Jsonl.Contains("broken")),
            "three clicks and the console lines stored", 40);

        var chunks = await stored.ChunksAsync(session);
        var all = string.Concat(chunks.Select(c => c.Jsonl));
        // Stored as plain rrweb, as our own SDK's data: posthog-js's compressed full snapshot was inflated on the way in.
        Assert.Contains("{\"type\":2,\"data\":{\"node\":", all);
        Assert.DoesNotContain("\"cv\":", all);
        Assert.Contains($"\"href\":\"{url}\"", all);
        var recording = (await stored.RecordingAsync(session))!;
        Assert.Equal("playback", recording.Mode);
        Assert.Equal(1, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);

        var api = await RecordingFromApiAsync(env, session);
        Assert.Equal(4, api.GetProperty("click_count").GetInt32());
        Assert.Equal(1, api.GetProperty("console_log_count").GetInt32());
        Assert.Equal(1, api.GetProperty("console_warn_count").GetInt32());
        Assert.Equal(1, api.GetProperty("console_error_count").GetInt32());
        Assert.Equal(url, api.GetProperty("start_url").GetString());

        // And it plays in our dashboard's player, to the page's last state.
        var bought = await page.EvaluateAsync<string>("() => document.getElementById('title').textContent");
        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app, autoplay: true);
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings").ToString());
        await admin.Locator($"tr[data-session='{session}'] a").ClickAsync();
        await DashboardBrowser.WaitForReplayAsync(admin);
        await DashboardBrowser.WaitForReplayTextAsync(admin, bought);
    }

    [Fact]
    public async Task With_the_manual_toggle_on_nothing_is_replayable_until_startSessionRecording_and_the_earlier_clicks_are_kept()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        // The init call is the same as with the toggle off: the server's config keeps recording from starting.
        var url = site.Page("shop", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync(Visitor);
        var page = await OpenAsync(context, url);
        var session = await SessionIdAsync(page);
        await page.ClickAsync("#buy");
        await Eventually.TrueAsync(async () => (await stored.EventsAsync(session)).Any(e => e.Type == "click"), "the click before the call stored", 40);

        // The recorder runs but sends nothing: sampled out by the server's config.
        Assert.Equal("disabled", await page.EvaluateAsync<string>("() => posthog.sessionRecording.status"));
        Assert.Empty(await stored.ChunksAsync(session));
        Assert.Equal("behavior", (await stored.RecordingAsync(session))!.Mode);
        Assert.Equal(0, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);

        // Clicks, a page load and time pass, and still nothing is replayable.
        await page.ClickAsync("#buy");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.phLoaded === true", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Equal(session, await SessionIdAsync(page));
        await page.ClickAsync("#buy");
        await Eventually.TrueAsync(async () => (await stored.EventsAsync(session)).Count(e => e.Type == "click") == 3, "the three clicks before the call stored", 40);
        Assert.Equal("disabled", await page.EvaluateAsync<string>("() => posthog.sessionRecording.status"));
        Assert.Empty(await stored.ChunksAsync(session));
        Assert.Equal("behavior", (await stored.RecordingAsync(session))!.Mode);

        var calledAt = await page.EvaluateAsync<long>("() => { posthog.startSessionRecording(true); return Date.now(); }");
        // "sampled": the call overrides the config's sample rate of 0.
        await page.WaitForFunctionAsync("() => posthog.sessionRecording.status === 'sampled'", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        // posthog-js holds a recording nobody has interacted with yet; the click releases it.
        await page.ClickAsync("#buy");
        await Eventually.TrueAsync(async () => (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains("\"source\":2,\"type\":2,"))
            && (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains("{\"type\":2,")), "the full snapshot and the click after the call stored", 40);

        Assert.Equal("playback", (await stored.RecordingAsync(session))!.Mode);
        Assert.Equal(1, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
        // Replayable from the call on; the click before it stays a behaviour event.
        Assert.All(await stored.ChunksAsync(session), c => Assert.True(c.FirstMs >= calledAt - 1000, $"a chunk from {c.FirstMs}, before the call at {calledAt}"));
        Assert.Equal(4, (await stored.EventsAsync(session)).Count(e => e.Type == "click"));
    }

    [Fact]
    public async Task A_page_unload_delivers_the_last_rrweb_data_of_the_page()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var url = site.Page("shop", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync(Visitor);
        var page = await OpenAsync(context, url);
        var session = await SessionIdAsync(page);
        await page.WaitForFunctionAsync("() => posthog.sessionRecordingStarted()", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        await page.ClickAsync("#say"); // posthog-js holds a recording nobody has interacted with yet
        await Eventually.TrueAsync(async () => (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains("{\"type\":2,")), "the full snapshot stored", 40);

        // The title changes to a text nothing sent yet holds, and the page goes at once, well before the recorder's
        // next timed flush: only the unload's own delivery (sendBeacon) can bring it.
        var text = await page.EvaluateAsync<string>("() => { document.getElementById('buy').click(); return document.getElementById('title').textContent; }");
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });

        await Eventually.TrueAsync(async () => (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains(text)), $"'{text}' stored after the unload", 30);
    }

    [Fact]
    public async Task With_the_quota_used_up_snapshots_are_refused_once_and_posthog_js_stops_sending_them_while_events_still_arrive()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { PlaybackQuota = 0 });
        var url = site.Page("shop", app.BaseAddress, env.Token, Body);
        await using var context = await chromium.Browser.NewContextAsync(Visitor);
        var snapshotRequests = new List<DateTime>();
        DateTime? refusedAt = null;
        context.Request += (_, r) => { if (new Uri(r.Url).AbsolutePath == "/s/") lock (snapshotRequests) snapshotRequests.Add(DateTime.UtcNow); };
        context.Response += async (_, r) =>
        {
            if (new Uri(r.Url).AbsolutePath != "/s/") return;
            var body = await r.TextAsync();
            if (body.Contains("quota_limited")) lock (snapshotRequests) refusedAt ??= DateTime.UtcNow;
        };
        var page = await OpenAsync(context, url);
        var session = await SessionIdAsync(page);
        await page.WaitForFunctionAsync("() => posthog.sessionRecordingStarted()", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        await page.ClickAsync("#say"); // posthog-js holds a recording nobody has interacted with yet
        await Eventually.TrueAsync(() => Task.FromResult(refusedAt is not null), "a snapshot request refused as quota-limited", 40);

        // Two rounds of activity, each waited for through its events: the recorder flushes as often as they do.
        for (var round = 1; round <= 2; round++)
        {
            await page.ClickAsync("#buy");
            var expected = round + 1;
            await Eventually.TrueAsync(async () => (await stored.EventsAsync(session)).Count(e => e.Type == "click") >= expected, $"click {round} stored", 40);
        }

        lock (snapshotRequests) Assert.DoesNotContain(snapshotRequests, at => at > refusedAt);
        Assert.Empty(await stored.ChunksAsync(session));
        Assert.Equal("behavior", (await stored.RecordingAsync(session))!.Mode);
        Assert.Equal(0, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
    }
}
