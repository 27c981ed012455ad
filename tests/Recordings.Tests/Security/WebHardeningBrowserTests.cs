using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Modules.Sharing;
using Recordings.Tests.Capture;
using Recordings.Tests.DashboardPages;
using Recordings.Tests.Support;

namespace Recordings.Tests.Security;

/// <summary>Issue 15's web defects that only a real browser shows (Chromium against the real server).</summary>
[Collection(ChromiumCollection.Name)]
public sealed class WebHardeningBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task The_share_page_sends_no_referrer_for_images_the_replayed_page_loads_even_when_the_recording_asks_for_one()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        await using var listener = await HeaderListener.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        // The recorded page asks for full referrers itself, loads one image from its CSS and one as an element.
        site.Page("styled", app.BaseAddress, env.Token,
            $"""
             <meta name="referrer" content="unsafe-url">
             <style>#banner {"{"} width: 40px; height: 40px; background-image: url({listener.Origin}/css-background.png); {"}"}</style>
             <h1>Styled page</h1><div id="banner"></div><img id="logo" src="{listener.Origin}/img-element.png" width="10" height="10">
             """);
        var recording = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(recording, site.Url("styled"));
        await page.WaitForModeAsync("playback");
        await page.FlushAsync();
        var session = await page.SessionIdAsync();
        await recording.CloseAsync();
        var token = (await app.Service(sp => sp.GetRequiredService<ISharingModule>()).SetEnabledAsync(env.Id, session, true, null)).AccessToken!;

        listener.Clear();
        var visitor = await chromium.Browser.NewContextAsync();
        var share = await visitor.NewPageAsync();
        await share.GotoAsync(new Uri(app.BaseAddress, $"/shared/{token}").ToString());
        await DashboardBrowser.WaitForReplayTextAsync(share, "Styled page");
        await Eventually.TrueAsync(() => Task.FromResult(
            listener.Requests.Any(r => r.Path == "/css-background.png") && listener.Requests.Any(r => r.Path == "/img-element.png")),
            "the replay loads both images from the recorded site's server");
        await visitor.CloseAsync();

        var sent = listener.Requests.Where(r => r.Path.EndsWith(".png")).ToList();
        Assert.All(sent, r => Assert.False(r.Headers.ContainsKey("Referer"), $"{r.Path} was sent Referer: {r.Headers.GetValueOrDefault("Referer")}"));
    }
}
