using Microsoft.Playwright;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NarrowScreenTests(Chromium chromium)
{
    private const string Unlabelled = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], summary')]
          .filter(e => e.offsetParent !== null || e.tagName === 'SUMMARY')
          .filter(e => {
            const named = (e.getAttribute('aria-label') || '').trim() || (e.textContent || '').trim() || (e.title || '').trim();
            const labelled = e.id && document.querySelector('label[for="' + e.id + '"]');
            return !(named || labelled || e.closest('label'));
          })
          .map(e => e.outerHTML.slice(0, 120))
        """;

    // Marks every visible, enabled control of the page (outside the replay's iframe) so Tab can be checked against them;
    // a control inside a closed <details> (the confirmations) is reached by opening its summary, which is itself checked.
    private const string MarkControls = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], summary')]
          .filter(e => e.offsetParent !== null && !e.disabled)
          .filter(e => e.tagName === 'SUMMARY' || !e.closest('details:not([open])'))
          .map((e, i) => { e.dataset.kb = String(i); return e.outerHTML.slice(0, 100); })
        """;

    /// <summary>Tabs through the page and answers the marked controls that focus never reached.</summary>
    private static async Task<List<string>> UnreachedByTabAsync(IPage page)
    {
        var controls = await page.EvaluateAsync<string[]>(MarkControls);
        var reached = new HashSet<string>();
        for (var i = 0; i < controls.Length + 10; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => document.activeElement?.dataset?.kb ?? ''"));
        }
        return controls.Where((_, i) => !reached.Contains(i.ToString())).ToList();
    }

    /// <summary>The page is no wider than the screen, and every control has a name.</summary>
    private static async Task AssertFitsAndLabelledAsync(IPage page, string what)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{what} is {overflow}px wider than a 390px screen");
        var unlabelled = await page.EvaluateAsync<string[]>(Unlabelled);
        Assert.True(unlabelled.Length == 0, $"{what} has unlabelled controls: {string.Join(" | ", unlabelled)}");
    }

    /// <summary>A visitor opens a small page and taps its button; answers the session id once it is stored.</summary>
    private async Task<string> RecordASmallVisitAsync(RecordingsApp app, TestSite site, string token)
    {
        var context = await chromium.Browser.NewContextAsync();
        var visitor = await BrowserSession.OpenAsync(context, site.Page("p", app.BaseAddress, token, "<h1>Small</h1><button id=\"b\">Tap</button>"));
        await visitor.WaitForModeAsync("playback");
        await visitor.ClickAsync("#b");
        var session = await visitor.SessionIdAsync();
        await visitor.FlushAsync();
        await context.CloseAsync();
        return session;
    }

    [Fact]
    public async Task Every_control_of_the_player_and_of_the_share_page_is_reachable_by_keyboard_and_the_share_page_fits_390_pixels()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await RecordASmallVisitAsync(app, site, env.Token);

        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, app, env.Id, session);
        await DashboardBrowser.WaitForReplayAsync(admin);
        var unreached = await UnreachedByTabAsync(admin);
        Assert.True(unreached.Count == 0, $"the player's controls Tab never reached: {string.Join(" | ", unreached)}");

        await admin.ClickAsync("#share-on");
        await admin.WaitForSelectorAsync("#share-link");
        var link = (await admin.InputValueAsync("#share-link"))!;
        var anonymous = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var shared = await anonymous.NewPageAsync();
        await shared.GotoAsync(link);
        await DashboardBrowser.WaitForReplayAsync(shared);
        await shared.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.DataDirectory, "narrow-shared.png"), FullPage = true });
        await AssertFitsAndLabelledAsync(shared, "the share page");
        unreached = await UnreachedByTabAsync(shared);
        Assert.True(unreached.Count == 0, $"the share page's controls Tab never reached: {string.Join(" | ", unreached)}");
        await anonymous.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_dashboard_page_fits_a_390_pixel_screen_and_every_control_is_labelled_and_reachable_by_keyboard()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        var session = await RecordASmallVisitAsync(app, site, env.Token);

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app, width: 390);
        foreach (var path in new[] { "/environments", $"/environments/{env.Id}", $"/environments/{env.Id}/recordings", $"/environments/{env.Id}/recordings/{session}", "/api-keys" })
        {
            await admin.GotoAsync(new Uri(app.BaseAddress, path).ToString(), path.EndsWith(session) ? DashboardBrowser.PlayerPage : null);
            if (path.EndsWith(session)) await DashboardBrowser.WaitForReplayAsync(admin);
            var name = path.Trim('/').Replace('/', '-');
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.DataDirectory, $"narrow-{name}.png"), FullPage = true });
            await AssertFitsAndLabelledAsync(admin, path);
        }

        // Keyboard: from the top of the recordings list, Tab reaches the filters and their submit button.
        await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{env.Id}/recordings").ToString());
        var reached = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            await admin.Keyboard.PressAsync("Tab");
            reached.Add(await admin.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.textContent.trim()"));
        }
        Assert.Contains("from", reached);
        Assert.Contains("order", reached);
        Assert.Contains("Apply filters", reached);
        await admin.Context.CloseAsync();
    }
}
