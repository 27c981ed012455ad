using Microsoft.Playwright;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>The WalkMe seed's three code examples, run verbatim with jQuery in Chromium against the real server.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ManualPlaybackSeedTests(Chromium chromium) : IAsyncLifetime
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

    [Fact]
    public async Task The_seeds_start_on_a_button_click_example_starts_playback_when_the_button_is_clicked()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        var url = site.Page("click", app.BaseAddress, env.Token,
            body: """<button id="target">Record me</button> <button id="other">Something else</button>""",
            endScript: """
                $( "#target" ).click(function() {
                  WalkMeInsightsAPI.startPlaybackRecording();
                });
                """);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, url);
        await page.ClickAsync("#other");
        await page.FlushAsync();
        var session = await page.SessionIdAsync();
        Assert.Equal("behavior", await page.ModeAsync());
        Assert.Equal("behavior", (await stored.RecordingAsync(session))!.Mode);

        await page.ClickAsync("#target");
        await page.WaitForModeAsync("playback");
        await BrowserSession.WaitForFullSnapshotAsync(stored, session);
        Assert.Equal("playback", (await stored.RecordingAsync(session))!.Mode);
        Assert.Equal(1, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
    }

    [Fact]
    public async Task The_seeds_start_on_a_given_url_example_records_only_from_that_url()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        var checkout = site.Url("checkout");
        var seedCode = $$"""
            // IMPORTANT NOTE: this code must appear before the WalkMe snippet.
            window.onWalkMeInsightsAPIReady = function() {
              if(window.location.href === "{{checkout}}"){
                WalkMeInsightsAPI.startPlaybackRecording();
              }
            };
            """;
        var home = site.Page("home", app.BaseAddress, env.Token, body: "<h1>Home</h1><a href=\"/checkout\">Checkout</a>", headScript: seedCode);
        site.Page("checkout", app.BaseAddress, env.Token, body: "<h1>Checkout</h1>", headScript: seedCode);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, home);
        await page.FlushAsync();
        var session = await page.SessionIdAsync();
        Assert.Equal("behavior", await page.ModeAsync());
        Assert.Empty(await stored.ChunksAsync(session));

        await page.ClickAsync("a");
        await page.ReachesUrlAsync(checkout);
        await page.WaitForModeAsync("playback");
        Assert.Equal(session, await page.SessionIdAsync());
        await BrowserSession.WaitForFullSnapshotAsync(stored, session);
        Assert.All(await stored.ChunksAsync(session), c => Assert.DoesNotContain("<h1>Home", c.Jsonl));
    }

    [Fact]
    public async Task The_seeds_record_only_admin_users_example_records_the_admin_and_not_the_user()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        const string seedCode = """
            // IMPORTANT NOTE: this code must appear before the WalkMe snippet.
            window.onWalkMeInsightsAPIReady = function() {
              if(myUser.role.toLowerCase() === "admin"){
                WalkMeInsightsAPI.startPlaybackRecording();
              }
            };
            """;
        var admin = site.Page("admin", app.BaseAddress, env.Token, body: "<p>Admin</p>", headScript: "var myUser = { role: \"Admin\" };\n" + seedCode);
        var user = site.Page("user", app.BaseAddress, env.Token, body: "<p>User</p>", headScript: "var myUser = { role: \"User\" };\n" + seedCode);

        await using var adminContext = await chromium.Browser.NewContextAsync();
        await using var userContext = await chromium.Browser.NewContextAsync();
        var adminPage = await BrowserSession.OpenAsync(adminContext, admin);
        var userPage = await BrowserSession.OpenAsync(userContext, user);
        await adminPage.WaitForModeAsync("playback");
        var adminSession = await adminPage.SessionIdAsync();
        await BrowserSession.WaitForFullSnapshotAsync(stored, adminSession);
        await userPage.FlushAsync();
        var userSession = await userPage.SessionIdAsync();
        Assert.NotEqual(adminSession, userSession);
        Assert.Equal("behavior", await userPage.ModeAsync());
        Assert.Equal("behavior", (await stored.RecordingAsync(userSession))!.Mode);
        Assert.Empty(await stored.ChunksAsync(userSession));
        Assert.Equal(1, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
    }
}
