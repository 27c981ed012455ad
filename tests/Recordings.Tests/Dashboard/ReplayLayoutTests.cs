using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>
/// The list and the player as an admin sees them at 1366×900, 1920×1080 and 390×844: where things are drawn (nothing
/// overlaps, the replay fills its area, a marker stands where the scrubber stands at its time), and the flows around
/// the player. With RECORDINGS_SCREENSHOTS=1 the geometry test also writes docs/screenshots/*.png.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReplayLayoutTests(Chromium chromium)
{
    // Rectangles of the replay's parts, in page pixels.
    private const string Geometry = """
        () => {
          const box = s => { const e = document.querySelector(s); if (!e) return null; const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
          return { stage: box('#player-stage'), frame: box('.rr-player__frame'), replay: box('.replayer-wrapper'),
                   controls: box('.rr-controller'), progress: box('.rr-progress'), strip: box('#player-markers'),
                   overflow: document.documentElement.scrollWidth - window.innerWidth };
        }
        """;

    private sealed record Box(double X, double Y, double W, double H)
    {
        public double Bottom => Y + H;
        public double Right => X + W;
    }

    private sealed record Layout(Box Stage, Box Frame, Box Replay, Box Controls, Box Progress, Box Strip, double Overflow);

    private static async Task<Layout> LayoutAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(Geometry);
        Box B(string name) => json.GetProperty(name) is { ValueKind: JsonValueKind.Object } e
            ? new Box(e.GetProperty("x").GetDouble(), e.GetProperty("y").GetDouble(), e.GetProperty("w").GetDouble(), e.GetProperty("h").GetDouble())
            : throw new InvalidOperationException($"no {name} on the page");
        return new Layout(B("stage"), B("frame"), B("replay"), B("controls"), B("progress"), B("strip"), json.GetProperty("overflow").GetDouble());
    }

    private static string? ScreenshotDirectory()
    {
        if (Environment.GetEnvironmentVariable("RECORDINGS_SCREENSHOTS") != "1") return null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recordings.sln"))) return Directory.CreateDirectory(Path.Combine(dir.FullName, "docs", "screenshots")).FullName;
        return null;
    }

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(1920, 1080)]
    [InlineData(390, 844)]
    public async Task The_replay_fills_its_area_nothing_overlaps_and_each_marker_stands_where_the_scrubber_stands_at_its_time(int width, int height)
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await PlayerBrowserTests.RecordAVisitAsync(chromium, app, site, env.Token);
        var seeder = new RecordingSeeder(app.NewClient(), env.Token);
        for (var i = 0; i < 6; i++) await seeder.ShopVisitAsync($"other-{i}", startAgoMs: 120_000 + i * 1000);
        var shots = ScreenshotDirectory();

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app, width, height);
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings").ToString());
        // The table is above the fold: its first row starts within the window (at 390 px the filters come first).
        var firstRow = await admin.Locator("table.recordings tbody tr").First.BoundingBoxAsync();
        if (width >= 1366) Assert.True(firstRow!.Y + firstRow.Height <= height, $"the first recording's row ends at y={firstRow.Y + firstRow.Height}, below the {height}px window");
        Assert.True(await admin.EvaluateAsync<double>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, "the list is wider than the window");
        if (shots is not null) await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"list-{width}x{height}.png") });

        await admin.Locator($"tr[data-session='{session}'] a").ClickAsync();
        await DashboardBrowser.WaitForReplayAsync(admin);
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");
        var layout = await LayoutAsync(admin);

        Assert.True(layout.Overflow <= 0, $"the player page is {layout.Overflow}px wider than the window");
        // The player takes its column's width, and the replay fills the frame in one direction (it keeps its proportions).
        Assert.True(layout.Frame.W >= layout.Stage.W - 2, $"the frame is {layout.Frame.W}px in a {layout.Stage.W}px column");
        Assert.True(layout.Replay.W >= layout.Frame.W - 2 || layout.Replay.H >= layout.Frame.H - 2,
            $"the replay ({layout.Replay.W}×{layout.Replay.H}) does not fill its frame ({layout.Frame.W}×{layout.Frame.H})");
        if (width >= 1920) Assert.True(layout.Replay.W > 1000, $"the replay is only {layout.Replay.W}px wide on a {width}px screen");
        // Replay, then controls, then the marker strip: none drawn over another.
        Assert.True(layout.Frame.Bottom <= layout.Controls.Y + 1, $"the controls (y={layout.Controls.Y}) overlap the replay (ends {layout.Frame.Bottom})");
        Assert.True(layout.Controls.Bottom <= layout.Strip.Y + 1, $"the marker strip (y={layout.Strip.Y}) overlaps the controls (end {layout.Controls.Bottom})");
        Assert.True(layout.Strip.Right <= width && layout.Controls.Right <= width, "the controls or the strip run off the screen");
        // The strip is the scrubber's width, and in the same place.
        Assert.InRange(layout.Strip.X, layout.Progress.X - 2, layout.Progress.X + 2);
        Assert.InRange(layout.Strip.W, layout.Progress.W - 3, layout.Progress.W + 3);

        // Seek to each kind of marker's time: the scrubber's handle stands where that marker is drawn.
        foreach (var kind in new[] { "page", "click", "error" })
        {
            var marker = admin.Locator($"#player-markers .marker.{kind}").Last;
            var offset = double.Parse((await marker.GetAttributeAsync("data-offset"))!, System.Globalization.CultureInfo.InvariantCulture);
            await admin.EvaluateAsync("ms => { RecordingsPlayer.player.goto(ms, false); }", offset);
            await admin.WaitForFunctionAsync("ms => Math.abs(RecordingsPlayer.player.getReplayer().getCurrentTime() - ms) < 50", offset);
            var handleX = await admin.EvaluateAsync<double>("""
                ms => { const p = document.querySelector('.rr-progress').getBoundingClientRect();
                        return p.left + p.width * Math.min(1, ms / RecordingsPlayer.player.getMetaData().totalTime); }
                """, offset);
            var drawnHandle = await admin.EvaluateAsync<double>("() => { const r = document.querySelector('.rr-progress__handler').getBoundingClientRect(); return r.left + r.width / 2; }");
            var box = (await marker.BoundingBoxAsync())!;
            var markerX = box.X + box.Width / 2;
            Assert.True(Math.Abs(markerX - drawnHandle) <= 4, $"a {kind} marker at {offset} ms is drawn at x={markerX}, the scrubber's handle at x={drawnHandle} (computed {handleX})");
        }
        if (shots is not null)
        {
            await DashboardBrowser.WaitForReplayTextAsync(admin, "Checkout page");
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"player-{width}x{height}.png") });
        }
        await admin.Context.CloseAsync();
    }

    /// <summary>A visit of about three seconds: a page, a wait, a click that adds text.</summary>
    private async Task<string> RecordAThreeSecondVisitAsync(RecordingsApp app, TestSite site, string token)
    {
        site.Page("slow", app.BaseAddress, token, "<h1>Slow page</h1><button id=\"more\">More</button>",
            endScript: "document.getElementById('more').addEventListener('click', function () { var p = document.createElement('p'); p.textContent = 'Later'; document.body.appendChild(p); });");
        var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, site.Url("slow"));
        await page.WaitForModeAsync("playback");
        await page.FlushAsync();
        // The recording's length is what this test needs: time passing in the visit, not a wait for a condition.
        await page.WaitForTimeoutAsync(3000);
        await page.ClickAsync("#more");
        var session = await page.SessionIdAsync();
        await page.FlushAsync();
        await context.CloseAsync();
        return session;
    }

    [Fact]
    public async Task Opening_plays_the_recording_unless_the_admin_turned_autoplay_off_and_a_reload_lands_at_the_time_in_the_address()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await RecordAThreeSecondVisitAsync(app, site, env.Token);

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app, autoplay: true);
        var url = new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings/{session}").ToString();
        await admin.GotoAsync(url, DashboardBrowser.PlayerPage);
        await admin.WaitForFunctionAsync("() => document.getElementById('player-root').dataset.state === 'playing'");

        // Seek to 0:02: the address says where, and a reload lands there.
        await admin.ClickAsync("#player-autoplay");
        await DashboardBrowser.WaitForReplayAsync(admin);
        await admin.EvaluateAsync("() => RecordingsPlayer.seek(2500)");
        await admin.ReachesUrlAsync(new Regex("[?&]t=2$"));
        await admin.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await DashboardBrowser.WaitForReplayAsync(admin);
        await Assertions.Expect(admin.Locator("#player-root")).ToHaveAttributeAsync("data-current", new Regex("^2\\d\\d\\d$"));
        // Autoplay was turned off before the reload, and stays off for this admin.
        Assert.False(await admin.IsCheckedAsync("#player-autoplay"));
        Assert.Equal("paused", await admin.GetAttributeAsync("#player-root", "data-state"));
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Turning_the_public_link_on_shows_it_at_once_in_view_and_the_player_keeps_its_time()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await RecordAThreeSecondVisitAsync(app, site, env.Token);
        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, env.Id, session);

        await admin.EvaluateAsync("() => RecordingsPlayer.seek(2500)");
        var before = await admin.GetAttributeAsync("#player-root", "data-current");
        await admin.EvaluateAsync("() => { window.__samePage = true; }");

        await admin.ClickAsync("#share-on");
        await Assertions.Expect(admin.Locator("#share-link")).ToBeInViewportAsync();
        Assert.StartsWith(app.BaseAddress.ToString().TrimEnd('/') + "/shared/", await admin.InputValueAsync("#share-link"));
        Assert.True(await admin.EvaluateAsync<bool>("() => window.__samePage === true"), "the page was reloaded");
        Assert.Equal(before, await admin.GetAttributeAsync("#player-root", "data-current"));
        await admin.CheckAsync("#share-at-time");
        Assert.EndsWith($"?t={int.Parse(before!) / 1000}", await admin.InputValueAsync("#share-link"));
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_visit_with_an_uncaught_exception_has_one_row_per_error_and_the_header_list_summary_and_events_agree()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        // One console.error and one uncaught exception: two errors.
        var session = await PlayerBrowserTests.RecordAVisitAsync(chromium, app, site, env.Token);

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app);
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings").ToString());
        var listed = (await admin.Locator($"tr[data-session='{session}'] td").Nth(6).InnerTextAsync()).Trim();
        await admin.Locator($"tr[data-session='{session}'] a").ClickAsync();
        await DashboardBrowser.WaitForReplayAsync(admin);
        await Assertions.Expect(admin.Locator("#player-events .event.error")).ToHaveCountAsync(2);
        Assert.Equal(1, await admin.Locator("#player-events .event.error", new PageLocatorOptions { HasTextString = "Checkout exploded" }).CountAsync());
        var counts = $"events {await admin.InnerTextAsync("#list-errors")}, header {(await admin.InnerTextAsync("[data-testid=header-errors]")).Trim()}, " +
            $"list {listed}, summary {(await admin.Locator("[data-testid=summary-errors]").TextContentAsync())!.Trim()}";
        Assert.True(counts == "events 2, header 2, list 2, summary 2", counts);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task The_playlist_goes_to_the_next_recording_with_j_and_back_with_k_and_the_inspector_tabs_filter_events_and_console()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await PlayerBrowserTests.RecordAVisitAsync(chromium, app, site, env.Token);
        var seeder = new RecordingSeeder(app.NewClient(), env.Token);
        await seeder.ShopVisitAsync("older-visit", startAgoMs: 3_600_000);

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app);
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings?url=%2F").ToString());
        await admin.Locator($"tr[data-session='{session}'] a").ClickAsync();
        await DashboardBrowser.WaitForReplayAsync(admin);
        await Assertions.Expect(admin.Locator("#playlist a[aria-current=true]")).ToHaveAttributeAsync("data-session", session);

        // The inspector: search and type filter in Events, level filter in Console.
        await admin.FillAsync("#events-search", "checkout");
        var shown = await admin.Locator("#player-events button").AllInnerTextsAsync();
        Assert.NotEmpty(shown);
        Assert.All(shown, t => Assert.Contains("checkout", t, StringComparison.OrdinalIgnoreCase));
        await admin.FillAsync("#events-search", "");
        await admin.SelectOptionAsync("#events-kind", "click");
        Assert.Equal(await admin.Locator("#player-events .event").CountAsync(), await admin.Locator("#player-events .event.click").CountAsync());
        await admin.ClickAsync("#tab-console");
        await Assertions.Expect(admin.Locator("#panel-console")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#panel-events")).ToBeHiddenAsync();
        await admin.SelectOptionAsync("#console-level", "error");
        await Assertions.Expect(admin.Locator("#player-console .event")).ToHaveCountAsync(2);
        await admin.ClickAsync("#tab-summary");
        await Assertions.Expect(admin.Locator("[data-testid=summary]")).ToBeVisibleAsync();

        // The playlist is the list the admin came from, newest first: this visit, then the older one.
        await Assertions.Expect(admin.Locator("#playlist a")).ToHaveCountAsync(2);
        Assert.Equal("older-visit", await admin.Locator("#playlist a").Nth(1).GetAttributeAsync("data-session"));
        // The keys go to the page, not to a control: the body holds the focus. The address is polled (as an assertion
        // does) rather than awaited as a navigation event, which a full run under load once missed (CI, 30 s timeout).
        await admin.Locator("body").PressAsync("j");
        await admin.ReachesUrlAsync(new Regex("/recordings/older-visit\\?url="));
        await Assertions.Expect(admin.Locator("#playlist a[aria-current=true]")).ToHaveAttributeAsync("data-session", "older-visit");
        await DashboardBrowser.WaitForReplayAsync(admin); // its scripts, and so the key handler, have run
        await admin.Locator("body").PressAsync("k");
        await admin.ReachesUrlAsync(new Regex($"/recordings/{Regex.Escape(session)}\\?url="));
        await admin.Context.CloseAsync();
    }
}
