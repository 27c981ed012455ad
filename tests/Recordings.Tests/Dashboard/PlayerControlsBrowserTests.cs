using Microsoft.Playwright;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>What the player offers beside play and seek: speeds, skipping, markers, errors, tabs, summary, similar sessions.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlayerControlsBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task The_player_offers_speeds_skips_inactivity_marks_the_timeline_jumps_to_errors_and_shows_tabs_summary_and_similar_sessions()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await PlayerBrowserTests.RecordAVisitAsync(chromium, app, site, env.Token);
        // A second tab of the same visit, and another visit to compare it with.
        var seeder = new RecordingSeeder(app.NewClient(), env.Token);
        await seeder.ShopVisitAsync(session, window: "second-tab");
        await seeder.ShopVisitAsync("another-visit");

        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, env.Id, session);
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");

        var controller = admin.Locator(".rr-controller");
        foreach (var speed in new[] { "1x", "2x", "4x", "8x" })
            await Assertions.Expect(controller.GetByRole(AriaRole.Button, new() { Name = speed, Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(controller.Locator(".switch input[type=checkbox]")).ToBeCheckedAsync();

        foreach (var kind in new[] { "page", "click", "error" })
            Assert.True(await admin.Locator($"#player-markers .marker.{kind}").CountAsync() > 0, $"a {kind} marker");

        await admin.ClickAsync("#player-next-error");
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Checkout page");
        var errorAt = int.Parse((await admin.GetAttributeAsync("#player-root", "data-current"))!);
        Assert.True(errorAt > int.Parse((await admin.GetAttributeAsync("#player-root", "data-first-frame"))!));

        await Assertions.Expect(admin.Locator(".tab-choice")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#player-tab option")).ToHaveCountAsync(2);
        await admin.ClickAsync("#tab-summary");
        await Assertions.Expect(admin.Locator("[data-testid=summary]")).ToContainTextAsync("checkout");
        await Assertions.Expect(admin.Locator("#panel-summary a[href$='/recordings/another-visit']")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Keys_jump_to_the_next_error_set_the_speed_and_go_full_screen_and_a_hover_over_the_strip_names_the_time_and_event()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await PlayerBrowserTests.RecordAVisitAsync(chromium, app, site, env.Token);

        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, env.Id, session);
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Welcome to the shop");
        var body = admin.Locator("body");

        // n: the next error, on the checkout page.
        await body.PressAsync("n");
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Checkout page");
        Assert.True(int.Parse((await admin.GetAttributeAsync("#player-root", "data-current"))!) > int.Parse((await admin.GetAttributeAsync("#player-root", "data-first-frame"))!));

        // 1, 2, 4, 8: the replayer's speed, shown on rrweb-player's own speed buttons.
        var controller = admin.Locator(".rr-controller");
        foreach (var speed in new[] { "4", "2", "8", "1" })
        {
            await body.PressAsync(speed);
            await Assertions.Expect(controller.GetByRole(AriaRole.Button, new() { Name = speed + "x", Exact = true })).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bactive\\b"));
            Assert.Equal(int.Parse(speed), await admin.EvaluateAsync<int>("() => RecordingsPlayer.player.getReplayer().config.speed"));
        }

        // f: full screen, and f again leaves it.
        await body.PressAsync("f");
        await admin.WaitForFunctionAsync("() => document.fullscreenElement !== null");
        await body.PressAsync("f");
        await admin.WaitForFunctionAsync("() => document.fullscreenElement === null");

        // A hover over an error's marker names its time and the error.
        // A move to where the mouse already is fires no event, and leaving full screen may still be moving the layout:
        // the strip is brought into view and the marker measured again before each move, until the tip shows.
        for (var attempt = 0; ; attempt++)
        {
            var at = await admin.EvaluateAsync<double[]>("""
                () => {
                    document.getElementById('player-markers').scrollIntoView({ block: 'center' });
                    const strip = document.getElementById('player-markers').getBoundingClientRect();
                    const marker = document.querySelector('#player-markers .marker.error').getBoundingClientRect();
                    return [marker.left + marker.width / 2, strip.top + strip.height / 2];
                }
                """);
            await admin.Mouse.MoveAsync((float)at[0] + (attempt % 2 == 0 ? -1 : 1), (float)at[1], new() { Steps = 3 });
            try
            {
                await admin.WaitForFunctionAsync("() => !document.querySelector('.strip-tip').hidden", null, new() { Timeout = 1000 });
                break;
            }
            catch (TimeoutException) when (attempt < 15)
            {
            }
        }
        var tip = admin.Locator(".strip-tip");
        await Assertions.Expect(tip).ToBeVisibleAsync();
        await Assertions.Expect(tip).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^\\d+:\\d\\d · \\S"));
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Switching_tabs_while_playing_leaves_only_the_new_tab_s_player_which_stands_at_its_first_page()
    {
        using var app = new RecordingsApp();
        var env = await CaptureEnvironment.CreateAsync(app);
        var seeder = new RecordingSeeder(app.NewClient(), env.Token);
        await seeder.ShopVisitAsync("two-tabs", paths: ["/", "/products/42", "/cart", "/checkout"], clicks: 6);
        await seeder.ShopVisitAsync("two-tabs", window: "second-tab");

        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, env.Id, "two-tabs", autoplay: true);
        await Assertions.Expect(admin.Locator("#player-tab option")).ToHaveCountAsync(2);
        // Opening plays it (autoplay is on by default).
        try { await admin.WaitForFunctionAsync("() => document.getElementById('player-root').getAttribute('data-state') === 'playing'", null, new() { Timeout = 10000 }); }
        catch (TimeoutException e) { throw new TimeoutException(e.Message + " state " + await admin.GetAttributeAsync("#player-root", "data-state") + " at " + await admin.GetAttributeAsync("#player-root", "data-current") + " of " + await admin.EvaluateAsync<double>("() => RecordingsPlayer.player.getMetaData().totalTime")); }
        var other = await admin.EvalOnSelectorAsync<string>("#player-tab", "s => [...s.options].find(o => !o.selected).value");
        await admin.SelectOptionAsync("#player-tab", other);
        await Assertions.Expect(admin.Locator(".replayer-wrapper")).ToHaveCountAsync(1);

        // Over 30 animation frames, a player left behind would still be playing and moving the shown time on.
        var shown = await admin.EvaluateAsync<string[]>("""
            async () => {
                const root = document.getElementById('player-root');
                const seen = [];
                for (let i = 0; i < 30; i++) {
                    seen.push(root.getAttribute('data-current') + ' ' + root.getAttribute('data-state'));
                    await new Promise(r => requestAnimationFrame(r));
                }
                return seen;
            }
            """);
        var firstFrame = await admin.GetAttributeAsync("#player-root", "data-first-frame");
        Assert.All(shown, s => Assert.Equal($"{firstFrame} paused", s));
        await admin.Context.CloseAsync();
    }
}
