using System.Net;
using AngleSharp.Html.Dom;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

/// <summary>The settings an admin acts on: the quota without riddles, the manual-start toggle's cost, the monthly chart.</summary>
public sealed class QuotaSettingsTests
{
    [Fact]
    public async Task The_quota_is_unlimited_by_a_checkbox_a_used_up_allotment_says_so_with_its_reset_date_and_the_toggle_says_what_it_costs()
    {
        using var app = new RecordingsApp();
        using var dashboard = new Dashboard(app);
        await dashboard.SignInAsync();
        var (_, list) = await dashboard.GetAsync("/environments");
        var (created, _) = await dashboard.SubmitAsync(list, "form.row button", new Dictionary<string, string?> { ["name"] = "Shop" });
        var path = created.Headers.Location!.OriginalString;

        var (_, page) = await dashboard.GetAsync(path);
        Assert.True(((IHtmlInputElement)page.QuerySelector("#quotaUnlimited")!).IsChecked);
        Assert.DoesNotContain("0 = none", page.Body!.TextContent);
        var cost = page.QuerySelector("#manual-cost")!.TextContent;
        foreach (var words in new[] { "not counted", "once", "quota_exhausted", "later pages", "other tabs" }) Assert.Contains(words, cost);
        Assert.NotNull(page.QuerySelector("#snippet-copy"));
        Assert.Equal(6, page.QuerySelectorAll("[data-testid=quota-history] rect.bar").Length);

        // Unticking "Unlimited" without a number is refused, and changes nothing.
        var (refused, refusedPage) = await dashboard.SubmitAsync(page, "main form button[type=submit]", new Dictionary<string, string?> { ["playbackQuota"] = "" }, uncheck: ["quotaUnlimited"]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Unlimited", refusedPage.QuerySelector("[role=alert]")!.TextContent);

        // A quota of 0 is "playback off", never "0 of 0".
        var (saved, _) = await dashboard.SubmitAsync(page, "main form button[type=submit]", new Dictionary<string, string?> { ["playbackQuota"] = "0" }, uncheck: ["quotaUnlimited"]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        (_, page) = await dashboard.GetAsync(path);
        Assert.False(((IHtmlInputElement)page.QuerySelector("#quotaUnlimited")!).IsChecked);
        var usage = page.QuerySelector("[data-testid=quota-usage]")!.TextContent;
        Assert.DoesNotContain("0 of 0", usage);
        Assert.Contains("Playback is off", usage);
        var reset = DateTime.UtcNow.AddMonths(1).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var (_, recordings) = await dashboard.GetAsync(path + "/recordings");
        Assert.Contains("no playback allowed", recordings.QuerySelector("[data-testid=quota-line]")!.TextContent);
        Assert.DoesNotContain(reset, usage); // "off" is not "used up": it does not come back by itself
    }

    [Fact]
    public async Task The_api_reference_page_turns_off_scalar_s_ai_agent_developer_tools_and_hosted_client()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var html = await http.GetStringAsync("/api/reference/");
        Assert.Contains("\"showDeveloperTools\":\"never\"", html.Replace(" ", ""));
        Assert.Contains("\"hideClientButton\":true", html.Replace(" ", ""));
        Assert.Matches("\"agent\":\\{\"disabled\":true", html.Replace(" ", ""));
    }
}
