using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Modules.Sharing;
using Recordings.Tests.Capture;
using Recordings.Tests.DashboardPages;
using Recordings.Tests.Support;

namespace Recordings.Tests.Security;

/// <summary>Issue 15's web defects that only a real browser shows (Chromium against the real server).</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WebHardeningBrowserTests(Chromium chromium)
{
    /// <summary>Records a page that asks for full referrers itself and loads one image from CSS and one as an element.</summary>
    private async Task<(RecordingsApp App, int EnvironmentId, string Session)> RecordStyledPageAsync(TestSite site, HeaderListener listener)
    {
        var app = new RecordingsApp();
        using (var admin = new Dashboard(app)) await admin.SignInAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
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
        listener.Clear();
        return (app, env.Id, session);
    }

    [Fact]
    public async Task The_share_page_sends_no_referrer_to_the_recorded_sites_servers_even_when_the_recording_asks_for_one()
    {
        await using var site = await TestSite.StartAsync();
        await using var listener = await HeaderListener.StartAsync();
        var (app, environmentId, session) = await RecordStyledPageAsync(site, listener);
        using var _ = app;
        var token = (await app.Service(sp => sp.GetRequiredService<ISharingModule>()).SetEnabledAsync(environmentId, session, true, null)).AccessToken!;

        var visitor = await chromium.Browser.NewContextAsync();
        var share = await visitor.NewPageAsync();
        var refused = new List<string>();
        share.Console += (_, m) => { lock (refused) refused.Add(m.Text); };
        await share.GotoAsync(new Uri(app.BaseAddress, $"/shared/{token}").ToString());
        await DashboardBrowser.WaitForReplayTextAsync(share, "Styled page");
        // The replayed page tried both images (the browser reports each one it refuses to load)…
        await Eventually.TrueAsync(() => Task.FromResult(Tried("css-background.png") && Tried("img-element.png")),
            "the replay tries the recorded page's two images");
        await visitor.CloseAsync();

        // …and nothing, let alone a Referer naming this server or the link, reached the recorded site's server.
        Assert.All(listener.Requests, r => Assert.False(r.Headers.ContainsKey("Referer"), $"{r.Path} was sent Referer: {r.Headers.GetValueOrDefault("Referer")}"));
        Assert.Empty(listener.Requests);

        bool Tried(string file)
        {
            lock (refused) return refused.Any(t => t.Contains(file) && t.Contains("Content Security Policy")) || listener.Requests.Any(r => r.Path == "/" + file);
        }
    }

    [Fact]
    public async Task The_dashboard_player_sends_no_referrer_for_recorded_image_elements_even_when_the_recording_asks_for_one()
    {
        await using var site = await TestSite.StartAsync();
        await using var listener = await HeaderListener.StartAsync();
        var (app, environmentId, session) = await RecordStyledPageAsync(site, listener);
        using var _ = app;

        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, environmentId, session);
        await DashboardBrowser.WaitForReplayTextAsync(admin, "Styled page");
        await Eventually.TrueAsync(() => Task.FromResult(listener.Requests.Any(r => r.Path == "/img-element.png")), "the replay loads the recorded <img>");
        await admin.Context.CloseAsync();

        // The recorded <meta name="referrer" content="unsafe-url"> would have sent the player's full URL.
        Assert.All(listener.Requests.Where(r => r.Path == "/img-element.png"),
            r => Assert.False(r.Headers.ContainsKey("Referer"), $"Referer: {r.Headers.GetValueOrDefault("Referer")}"));
    }

    [Fact]
    public async Task The_sdk_asks_again_after_retry_after_when_its_session_start_is_rate_limited()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        site.Page("limited", app.BaseAddress, env.Token, "<h1>Busy office</h1>");
        using var others = app.NewClient();

        // Other visitors behind the same address keep its allowance used up (one start a second comes back) until the
        // page's first session start is answered. A start can still win a token the moment it comes back: then the
        // page was not refused, and the visit is tried again (at most three times), so the test never waits for ever.
        for (var attempt = 1; ; attempt++)
        {
            var context = await chromium.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            var statuses = new List<int>();
            var firstAnswer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            page.Response += (_, r) =>
            {
                if (!r.Url.Contains("/ingest/session")) return;
                lock (statuses) statuses.Add(r.Status);
                firstAnswer.TrySetResult(r.Status);
            };
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var refusedOnce = false;
            var draining = Task.Run(async () =>
            {
                while (!drain.IsCancellationRequested && !firstAnswer.Task.IsCompleted)
                {
                    try
                    {
                        using var answer = await others.PostAsync("/ingest/session", new StringContent("{}"), drain.Token);
                        if ((int)answer.StatusCode == 429) Volatile.Write(ref refusedOnce, true);
                    }
                    catch (OperationCanceledException) { }
                }
            });
            // The page starts only once the address has been refused: its allowance is empty then.
            while (!Volatile.Read(ref refusedOnce)) await Task.Delay(10, drain.Token);
            await page.GotoAsync(site.Url("limited"));
            var first = await firstAnswer.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await draining;
            if (first != 429)
            {
                await context.CloseAsync();
                Assert.True(attempt < 3, $"the page's session start was never refused in {attempt} visits: {string.Join(",", statuses)}");
                continue;
            }
            await page.WaitForFunctionAsync("() => window.sdkReady === true", null, new PageWaitForFunctionOptions { Timeout = 30000 });
            await page.WaitForModeAsync("playback");
            await context.CloseAsync();
            lock (statuses) Assert.Contains(200, statuses.Skip(statuses.IndexOf(429) + 1));
            return;
        }
    }

    [Fact]
    public async Task The_jobs_dashboard_works_under_its_content_security_policy()
    {
        using var app = new RecordingsApp();
        var page = await DashboardBrowser.SignInAsync(chromium.Browser, app);
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) lock (violations) violations.Add(m.Text); };
        var response = await page.GotoAsync(new Uri(app.BaseAddress, "/admin/jobs").ToString());
        Assert.Equal(200, response!.Status);
        Assert.Contains("frame-ancestors 'none'", response.Headers["content-security-policy"]);
        // Hangfire's own scripts have loaded and run (a blocked script would leave window.Hangfire undefined).
        await page.WaitForFunctionAsync("() => document.readyState === 'complete' && typeof window.Hangfire !== 'undefined' && typeof window.Hangfire.Page === 'function'",
            null, new PageWaitForFunctionOptions { Timeout = 20000 });
        // Its way back leads to the dashboard (issue 16: the jobs page keeps a clear way back).
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to site" })).ToHaveAttributeAsync("href", "/environments");
        await page.Context.CloseAsync();
        lock (violations) Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
