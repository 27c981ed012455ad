using Microsoft.Playwright;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlayerBrowserTests(Chromium chromium)
{
    private const string Secret = "hunter2 secret words";

    /// <summary>A visitor on a customer's site: types, clicks, moves to checkout, raises an error, and a script is added.</summary>
    internal static async Task<string> RecordAVisitAsync(Chromium chromium, RecordingsApp app, TestSite site, string token)
    {
        site.Page("shop", app.BaseAddress, token, """
            <h1>Welcome to the shop</h1>
            <label for="search">Search</label><input id="search" type="text">
            <button id="buy">Buy now</button>
            <button id="inject">Add script</button>
            <a id="to-checkout" href="/checkout">Checkout</a>
            """, endScript: """
            document.getElementById('inject').addEventListener('click', function () {
              var s = document.createElement('script');
              s.textContent = "window.top.__pwned = true; document.title = 'pwned';";
              document.body.appendChild(s);
            });
            """);
        site.Page("checkout", app.BaseAddress, token, """
            <h1>Checkout page</h1>
            <button id="explode">Pay</button>
            """, endScript: "document.getElementById('explode').addEventListener('click', function () { console.error('Payment failed'); throw new Error('Checkout exploded'); });");

        var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, site.Url("shop"));
        await page.WaitForModeAsync("playback");
        await page.FillAsync("#search", Secret);
        await page.ClickAsync("#buy");
        await page.ClickAsync("#inject");
        var session = await page.SessionIdAsync();
        await page.FlushAsync();
        await page.ClickAsync("#to-checkout");
        await page.WaitForFunctionAsync("() => window.sdkReady === true && RecordingsAPI.getTrackingMode() === 'playback'");
        await page.ClickAsync("#explode");
        await page.FlushAsync();
        await context.CloseAsync();
        return session;
    }

    [Fact]
    public async Task An_admin_finds_a_recorded_visit_with_the_filters_plays_it_seeks_through_its_events_and_nothing_recorded_runs()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await RecordAVisitAsync(chromium, app, site, env.Token);

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app);
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings").ToString());
        await admin.FillAsync("#url", "/shop");
        await admin.SelectOptionAsync("#errors", "yes");
        await admin.ClickAsync("form.filters button[type=submit]");
        var row = admin.Locator($"tr[data-session='{session}']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveClassAsync("unviewed");

        await admin.FillAsync("#url", "/nowhere");
        await admin.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(admin.Locator("tr[data-session]")).ToHaveCountAsync(0);
        await admin.GoBackAsync();

        await admin.Locator($"tr[data-session='{session}'] a").ClickAsync();
        var replay = await DashboardBrowser.WaitForReplayAsync(admin);
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");

        // The sandbox has no allow-scripts, and the script the page added during the visit did not run here.
        var sandbox = await admin.GetAttributeAsync(".replayer-wrapper iframe", "sandbox");
        Assert.DoesNotContain("allow-scripts", sandbox ?? "");
        Assert.False(await admin.EvaluateAsync<bool>("() => window.__pwned === true"));
        Assert.NotEqual("pwned", await admin.TitleAsync());

        // Seek through the event list to the checkout page, then to the error.
        await admin.Locator("#player-events button", new PageLocatorOptions { HasTextString = "/checkout" }).First.ClickAsync();
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Checkout page");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.DataDirectory, "player.png") });
        await admin.Locator("#player-events button", new PageLocatorOptions { HasTextString = "Checkout exploded" }).First.WaitForAsync();

        // The typed text shows masked in the replay (at the click after typing), and never reached the server.
        await admin.Locator("#player-events button:not([disabled])", new PageLocatorOptions { HasTextString = "Click" }).First.ClickAsync();
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");
        try { await Eventually.TrueAsync(async () => (await ReplayInputAsync(admin)).Contains('*'), "the masked search text in the replay"); }
        catch (TimeoutException e) { throw new TimeoutException($"{e.Message} | replayer: {await DashboardBrowser.ReplayerStateAsync(admin)}"); }
        Assert.DoesNotContain("hunter2", await ReplayInputAsync(admin));

        // → moves five seconds on (at most to the end), ← five seconds back (at most to the first page's first frame).
        var firstFrame = int.Parse((await admin.GetAttributeAsync("#player-root", "data-first-frame"))!);
        var before = int.Parse((await admin.GetAttributeAsync("#player-root", "data-current"))!);
        await admin.ClickAsync("h1");
        await admin.Keyboard.PressAsync("ArrowRight");
        var after = int.Parse((await admin.GetAttributeAsync("#player-root", "data-current"))!);
        Assert.True(after > before, $"{before} → {after}");
        await admin.Keyboard.PressAsync("ArrowLeft");
        await Eventually.TrueAsync(async () => int.Parse((await admin.GetAttributeAsync("#player-root", "data-current"))!) == Math.Max(firstFrame, after - 5000),
            "the player to move five seconds back");

        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings?viewed=yes").ToString());
        await Assertions.Expect(admin.Locator($"tr[data-session='{session}']")).ToHaveClassAsync("viewed");
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Seeking_back_to_the_first_page_after_the_second_played_to_its_end_shows_the_first_page()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await RecordAVisitAsync(chromium, app, site, env.Token);

        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, env.Id, session);
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");

        await admin.Locator("#player-events button", new PageLocatorOptions { HasTextString = "/checkout" }).First.ClickAsync();
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Checkout page");
        await admin.ClickAsync("h1");
        await admin.Keyboard.PressAsync(" ");
        await admin.WaitForFunctionAsync("""
            () => { const root = document.getElementById('player-root');
                    return root.dataset.state === 'paused' && Number(root.dataset.current) >= RecordingsPlayer.player.getMetaData().totalTime; }
            """);

        // rrweb forgets its last played event at the end, so only the player knows these seeks go back.
        await admin.Locator("#player-events button:not([disabled])", new PageLocatorOptions { HasTextString = "Click" }).First.ClickAsync();
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");
        await admin.Locator("#player-events button", new PageLocatorOptions { HasTextString = "/checkout" }).First.ClickAsync();
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Checkout page");
        await admin.Locator("#player-events button:not([disabled])", new PageLocatorOptions { HasTextString = "Page view" }).First.ClickAsync();
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");
        await admin.Context.CloseAsync();
    }

    private static Task<string> ReplayInputAsync(IPage page) => page.EvaluateAsync<string>(
        "() => document.querySelector('.replayer-wrapper iframe').contentDocument.getElementById('search')?.value ?? ''");

    [Fact]
    public async Task A_behaviour_only_session_is_listed_as_not_replayable_with_its_events()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        var url = site.Page("quiet", app.BaseAddress, env.Token, "<h1>Quiet page</h1><button id=\"tap\">Tap</button>");
        var context = await chromium.Browser.NewContextAsync();
        var visitor = await BrowserSession.OpenAsync(context, url);
        await visitor.ClickAsync("#tap");
        var session = await visitor.SessionIdAsync();
        await visitor.FlushAsync();
        await context.CloseAsync();

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app);
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings?kind=behavior").ToString());
        var row = admin.Locator($"tr[data-session='{session}']");
        await Assertions.Expect(row.Locator(".badge", new LocatorLocatorOptions { HasTextString = "not replayable" })).ToHaveCountAsync(1);
        var requested = new System.Collections.Concurrent.ConcurrentBag<string>();
        admin.Request += (_, r) => requested.Add(r.Url);
        await row.Locator("a").ClickAsync();
        await Assertions.Expect(admin.Locator(".not-replayable")).ToBeVisibleAsync();
        await admin.WaitForSelectorAsync("#player-root[data-loaded]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(admin.Locator("#player-events button", new PageLocatorOptions { HasTextString = "#tap" })).ToHaveCountAsync(1);
        // Before playback there is no replay time: the rows sit under a heading that says so, with their clock time.
        await Assertions.Expect(admin.Locator("#player-events .section").First).ToContainTextAsync("not replayable");
        await Assertions.Expect(admin.Locator("#player-events .event.before .time").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d:\d\d$"));
        await Assertions.Expect(admin.Locator("#player-events .event.before", new PageLocatorOptions { HasTextString = "Page view" })).ToHaveCountAsync(1);
        // Nothing to replay, so nothing to share, and no request for snapshots of a recording that has none.
        await Assertions.Expect(admin.Locator("#share-on")).ToHaveCountAsync(0);
        Assert.DoesNotContain(requested, u => u.Contains("/null") || u.Contains("/snapshots"));
        await admin.Context.CloseAsync();
    }
}
