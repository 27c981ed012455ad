using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ShareBrowserTests(Chromium chromium)
{
    private static async Task<(EnvironmentInfoLite Env, string Session)> RecordAsync(Chromium chromium, RecordingsApp app, TestSite site)
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        site.Page("article", app.BaseAddress, env.Token, "<h1>Shared article</h1><p id=\"para\">Some text to read.</p><button id=\"more\">More</button>",
            endScript: "document.getElementById('more').addEventListener('click', function () { var p = document.createElement('p'); p.textContent = 'Later paragraph'; document.body.appendChild(p); });");
        var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, site.Url("article"));
        await page.WaitForModeAsync("playback");
        await page.FlushAsync();
        // The later paragraph appears a second or two in, so a link starting at ?t=3 shows it at once and the start does not.
        await page.WaitForTimeoutAsync(1200);
        await page.ClickAsync("#more");
        var session = await page.SessionIdAsync();
        await page.FlushAsync();
        await context.CloseAsync();
        return (new EnvironmentInfoLite(env.Id), session);
    }

    internal sealed record EnvironmentInfoLite(int Id);

    private static async Task<string> IssueLinkAsync(IPage admin, string button)
    {
        // The panel is replaced in place (no reload), so a link shown before stays until the new one replaces it.
        var before = await admin.EvaluateAsync<string>("() => document.getElementById('share-link')?.dataset.base ?? ''");
        await admin.ClickAsync(button);
        await admin.WaitForFunctionAsync("before => { const l = document.getElementById('share-link'); return l && l.dataset.base !== before; }", before);
        return (await admin.InputValueAsync("#share-link"))!;
    }

    private async Task<(IResponse? Response, IPage Page)> OpenAnonymouslyAsync(string url)
    {
        var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(url);
        return (response, page);
    }

    [Fact]
    public async Task A_public_link_plays_without_sign_in_starts_at_t_and_dies_when_turned_off_or_rotated()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var (env, session) = await RecordAsync(chromium, app, site);
        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, env.Id, session);

        var link = await IssueLinkAsync(admin, "#share-on");
        Assert.StartsWith(app.BaseAddress.ToString().TrimEnd('/') + "/shared/", link);

        // Copy link, at the player's current time: the replay is over a second long, so → lands past 0:01.
        await DashboardBrowser.WaitForReplayAsync(admin);
        await admin.ClickAsync("h1");
        await admin.Keyboard.PressAsync("ArrowRight");
        var seconds = int.Parse((await admin.GetAttributeAsync("#player-root", "data-current"))!) / 1000;
        Assert.True(seconds >= 1, $"{seconds} s");
        await admin.CheckAsync("#share-at-time");
        await admin.ClickAsync("#share-copy");
        await Assertions.Expect(admin.Locator("#share-copy")).ToHaveTextAsync("Copied");
        Assert.Equal($"{link}?t={seconds}", await admin.InputValueAsync("#share-link"));

        var (response, visitor) = await OpenAnonymouslyAsync(link);
        Assert.Equal(200, response!.Status);
        Assert.Empty(await visitor.Context.CookiesAsync());
        Assert.Equal(0, await visitor.Locator("nav").CountAsync());
        await DashboardBrowser.WaitForReplayAsync(visitor);
        await DashboardBrowser.WaitForReplayTextAsync(visitor, "Shared article");
        Assert.DoesNotContain("Later paragraph", await DashboardBrowser.ReplayTextAsync(visitor));
        Assert.Equal("no-referrer", response.Headers["referrer-policy"]);
        await visitor.Context.CloseAsync();

        var (late, atTwo) = await OpenAnonymouslyAsync(link + "?t=3");
        Assert.Equal(200, late!.Status);
        await DashboardBrowser.WaitForReplayAsync(atTwo);
        Assert.Equal("3", await atTwo.GetAttributeAsync("#player-root", "data-start"));
        await DashboardBrowser.WaitForReplayTextAsync(atTwo, "Later paragraph");
        await atTwo.Context.CloseAsync();

        var rotated = await IssueLinkAsync(admin, "#share-rotate");
        Assert.NotEqual(link, rotated);
        var (old, oldPage) = await OpenAnonymouslyAsync(link);
        Assert.Equal(404, old!.Status);
        Assert.Contains("does not exist", await oldPage.InnerTextAsync("h1"));
        await oldPage.Context.CloseAsync();
        var (fresh, freshPage) = await OpenAnonymouslyAsync(rotated);
        Assert.Equal(200, fresh!.Status);
        await freshPage.Context.CloseAsync();

        await admin.ClickAsync("#share-off");
        await admin.WaitForSelectorAsync("#share-on");
        var (off, offPage) = await OpenAnonymouslyAsync(rotated);
        Assert.Equal(404, off!.Status);
        // The same page for every dead link: nothing tells an off link from one that never existed.
        var (unknown, unknownPage) = await OpenAnonymouslyAsync(new Uri(app.BaseAddress, "/shared/" + new string('x', 43)).ToString());
        Assert.Equal(404, unknown!.Status);
        Assert.Equal(await offPage.InnerTextAsync("main"), await unknownPage.InnerTextAsync("main"));

        using var http = app.NewClient();
        var token = rotated.Split('/').Last();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/shared/{token}/snapshots")).StatusCode);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Keep_and_delete_ask_for_confirmation_and_delete_removes_the_recording()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var (env, session) = await RecordAsync(chromium, app, site);
        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app);
        var playerUrl = new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings/{session}").ToString();
        await admin.GotoAsync(playerUrl, DashboardBrowser.PlayerPage);

        await Assertions.Expect(admin.Locator("#persist-confirm")).ToBeHiddenAsync();
        await admin.ClickAsync("summary:has-text('Keep forever')");
        await admin.ClickAsync("#persist-confirm");
        await Assertions.Expect(admin.Locator(".badge", new PageLocatorOptions { HasTextString = "kept" })).ToBeVisibleAsync();

        await Assertions.Expect(admin.Locator("#delete-confirm")).ToBeHiddenAsync();
        await admin.ClickAsync("summary:has-text('Delete')");
        await admin.ClickAsync("#delete-confirm");
        await admin.ReachesUrlAsync(new Regex($"/environments/{env.Id}/recordings\\?deleted=true$"));
        Assert.Equal(0, await admin.Locator($"tr[data-session='{session}']").CountAsync());
        var gone = await admin.GotoAsync(playerUrl, DashboardBrowser.PlayerPage);
        Assert.Equal(404, gone!.Status);
        await admin.Context.CloseAsync();
    }
}
