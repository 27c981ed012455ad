using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

public sealed class SetupAndSettingsTests
{
    [Fact]
    public async Task Every_dashboard_page_leads_to_the_one_time_setup_until_an_admin_exists()
    {
        using var app = new RecordingsApp();
        using var dashboard = new Dashboard(app);
        foreach (var path in new[] { "/", "/environments", "/api-keys", "/account/sign-in" })
        {
            var (_, page) = await dashboard.FollowAsync(path);
            Assert.Equal("/setup", new Uri(page.Url).AbsolutePath);
        }
        await dashboard.SignInAsync();

        using var stranger = new Dashboard(app);
        var (_, after) = await stranger.FollowAsync("/setup");
        Assert.Equal("/account/sign-in", new Uri(after.Url).AbsolutePath);
    }

    [Fact]
    public async Task The_setup_form_is_refused_without_antiforgery_token()
    {
        using var app = new RecordingsApp();
        using var client = app.NewClient();
        var response = await client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "x@example.com", ["password"] = "12345678", ["confirm"] = "12345678",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var dashboard = new Dashboard(app);
        var (_, page) = await dashboard.FollowAsync("/environments");
        Assert.Equal("/setup", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task Settings_flipped_in_the_forms_survive_a_restart_on_the_same_data_directory()
    {
        string dataDirectory;
        string settingsPath;
        using (var app = new RecordingsApp())
        {
            dataDirectory = app.DataDirectory;
            using var dashboard = new Dashboard(app);
            await dashboard.SignInAsync();
            var (_, list) = await dashboard.GetAsync("/environments");
            var (created, _) = await dashboard.SubmitAsync(list, "form.row button", new Dictionary<string, string?> { ["name"] = "Shop" });
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            settingsPath = created.Headers.Location!.OriginalString;

            var (_, settings) = await dashboard.GetAsync(settingsPath);
            Assert.False(((AngleSharp.Html.Dom.IHtmlInputElement)settings.QuerySelector("#manualPlaybackStart")!).IsChecked);
            var (saved, _) = await dashboard.SubmitAsync(settings, "main form button[type=submit]",
                new Dictionary<string, string?> { ["playbackQuota"] = "50", ["retentionDays"] = "14" }, check: ["manualPlaybackStart"]);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        using var restarted = new RecordingsApp(dataDirectory);
        using var again = new Dashboard(restarted);
        await again.SignInAsync();
        var (_, page) = await again.GetAsync(settingsPath);
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#manualPlaybackStart")!).IsChecked);
        Assert.Equal("50", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#playbackQuota")!).Value);
        Assert.Equal("14", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#retentionDays")!).Value);
        Assert.Contains("0 of 50 playback sessions", page.QuerySelector("[data-testid=quota-usage]")!.TextContent);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        using var app = new RecordingsApp();
        using (var first = new Dashboard(app)) await first.SignInAsync();
        using var dashboard = new Dashboard(app);
        var (_, page) = await dashboard.GetAsync("/account/sign-in");
        var (response, answer) = await dashboard.SubmitAsync(page, "main button[type=submit]",
            new Dictionary<string, string?> { ["email"] = Dashboard.Email, ["password"] = "not the password" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("wrong", answer.QuerySelector("[role=alert]")!.TextContent);
        var (stillOut, _) = await dashboard.GetAsync("/environments");
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_behind_admin_sign_in()
    {
        using var app = new RecordingsApp();
        using var anonymous = app.NewClient();
        var refused = await anonymous.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/sign-in", refused.Headers.Location!.OriginalString);

        using var dashboard = new Dashboard(app);
        await dashboard.SignInAsync();
        var (ok, page) = await dashboard.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("Recordings jobs", page.Title);
    }
}

public sealed class SignInThrottleTests
{
    [Fact]
    public async Task Repeated_wrong_passwords_are_slowed_down_with_429_and_retry_after()
    {
        using var app = new RecordingsApp();
        using (var first = new Dashboard(app)) await first.SignInAsync();
        using var guesser = new Dashboard(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var (_, page) = await guesser.GetAsync("/account/sign-in");
            var (response, _) = await guesser.SubmitAsync(page, "main button[type=submit]",
                new Dictionary<string, string?> { ["email"] = Dashboard.Email, ["password"] = $"guess {i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.Equal("60", response.Headers.RetryAfter!.ToString());
        }
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
