using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>An admin in a real browser: signs in through the pages and opens recordings in the player.</summary>
public static class DashboardBrowser
{
    /// <summary>
    /// Signs in through the pages. Recordings play as they open unless <paramref name="autoplay"/> is false, which most
    /// tests want: they seek and check what a moment shows, and a replay playing on would move past it. It is turned off
    /// as an admin does, in this browser's storage (per admin id; a test's app has only a few admins).
    /// </summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, RecordingsApp app, int width = 1280, int height = 900, bool autoplay = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        if (!autoplay) await context.AddInitScriptAsync("try { for (let i = 1; i <= 20; i++) localStorage.setItem('recordings.autoplay.' + i, 'off'); } catch (e) { }");
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/environments").ToString());
        if (page.Url.Contains("/setup"))
        {
            await page.FillAsync("#email", Recordings.Tests.Support.Dashboard.Email);
            await page.FillAsync("#password", Recordings.Tests.Support.Dashboard.Password);
            await page.FillAsync("#confirm", Recordings.Tests.Support.Dashboard.Password);
            await page.ClickAsync("main button[type=submit]");
        }
        else
        {
            await page.FillAsync("#email", Recordings.Tests.Support.Dashboard.Email);
            await page.FillAsync("#password", Recordings.Tests.Support.Dashboard.Password);
            await page.ClickAsync("main button[type=submit]");
        }
        try
        {
            await page.ReachesUrlAsync(new Regex("/environments$"));
        }
        catch (PlaywrightException e)
        {
            // What the browser was left on is what tells a refused form from a slow server.
            var text = await page.EvaluateAsync<string>("() => document.body ? document.body.innerText : document.readyState");
            throw new TimeoutException($"signing in did not reach /environments: the page is {page.Url}, showing: {text}", e);
        }
        return page;
    }

    /// <summary>
    /// How the tests open a player page: until its DOM is ready, then they wait for the player's own marks. The page
    /// preloads its first parts, so the replay can be built before the page's load event, and the recorded page's own
    /// resources then hold that event (seen as 30 s timeouts of the load wait under a loaded test run).
    /// </summary>
    public static readonly PageGotoOptions PlayerPage = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Signs in and opens a recording in the player, once every source has loaded.</summary>
    public static async Task<IPage> OpenPlayerAsync(IBrowser browser, RecordingsApp app, int environmentId, string session, bool autoplay = false)
    {
        var admin = await SignInAsync(browser, app, autoplay: autoplay);
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{environmentId}/recordings/{session}").ToString(), PlayerPage);
        await WaitForReplayAsync(admin);
        return admin;
    }

    /// <summary>Waits until every source has loaded into the player, and answers the replay iframe.</summary>
    public static async Task<IFrame> WaitForReplayAsync(IPage page)
    {
        await page.WaitForSelectorAsync("#player-root[data-loaded]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 20000 });
        var iframe = await page.WaitForSelectorAsync(".replayer-wrapper iframe", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return (await iframe!.ContentFrameAsync())!;
    }

    /// <summary>The text the replay iframe shows now (the replayer may swap its iframe's document on a new page).</summary>
    public static Task<string> ReplayTextAsync(IPage page) => page.EvaluateAsync<string>(
        "() => { const f = document.querySelector('.replayer-wrapper iframe'); const b = f && f.contentDocument && f.contentDocument.body; return b ? b.innerText : ''; }");

    // The replayer's own events (type @ ms from the first, window) and the last one it played: what a failed wait saw.
    private const string ReplayerEvents = """
        () => {
          const r = window.RecordingsPlayer && RecordingsPlayer.player && RecordingsPlayer.player.getReplayer();
          if (!r) return 'none';
          const ctx = r.service.state.context, first = ctx.events[0].timestamp;
          const name = e => e.type + (e.type === 3 ? '.' + e.data.source : '') + '@' + (e.timestamp - first)
            + (e.data && e.data.positions && e.data.positions.length ? '(' + e.data.positions[0].timeOffset + ')' : '');
          return ctx.events.map(name).join(' ') + ' | last played ' + (ctx.lastPlayedEvent ? name(ctx.lastPlayedEvent) : 'none')
            + ' | first full snapshot ' + (r.firstFullSnapshot === true ? 'cast' : r.firstFullSnapshot ? name(r.firstFullSnapshot) : 'none');
        }
        """;

    /// <summary>Polls the replay iframe until its body text contains <paramref name="text"/>.</summary>
    public static async Task WaitForReplayTextAsync(IPage page, string text)
    {
        try { await Eventually.TrueAsync(async () => (await ReplayTextAsync(page)).Contains(text), $"the replay to show '{text}'"); }
        catch (TimeoutException e)
        {
            var events = await page.EvaluateAsync<string>("() => document.getElementById('player-events')?.innerText ?? ''");
            throw new TimeoutException($"{e.Message}. It shows: {await ReplayTextAsync(page)} | current {await page.GetAttributeAsync("#player-root", "data-current")} | events: {events} | replayer: {await ReplayerStateAsync(page)}");
        }
    }

    /// <summary>The replayer's events, the last it played and its first full snapshot, for a failure's message.</summary>
    public static Task<string> ReplayerStateAsync(IPage page) => page.EvaluateAsync<string>(ReplayerEvents);
}
