using System.Net;
using AngleSharp.Html.Dom;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

public sealed class FormValidationTests : IDisposable
{
    private readonly RecordingsApp app = new();
    private readonly Dashboard dashboard;

    public FormValidationTests() => dashboard = new Dashboard(app);

    [Theory]
    [InlineData("", "Name is required")]
    [InlineData("    ", "Name is required")]
    [InlineData("x", null)]
    public async Task Creating_an_environment_without_a_proper_name_shows_why_and_stores_nothing(string name, string? error)
    {
        await dashboard.SignInAsync();
        var longName = name == "x" ? new string('x', 101) : name;
        var (_, list) = await dashboard.GetAsync("/environments");
        var (response, page) = await dashboard.SubmitAsync(list, "form.row button", new Dictionary<string, string?> { ["name"] = longName });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error ?? "at most 100 characters", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Empty(page.QuerySelectorAll(".card"));
    }

    [Theory]
    [InlineData("playbackQuota", "-1", "Playback quota must be between 0")]
    [InlineData("playbackQuota", "lots", "whole number")]
    [InlineData("playbackQuota", "99999999999", "whole number")]
    [InlineData("retentionDays", "0", "Retention must be between 1")]
    [InlineData("retentionDays", "100000", "Retention must be between 1")]
    [InlineData("name", "", "Name is required")]
    [InlineData("allowedOrigins", "javascript:alert(1)", "is not an origin")]
    [InlineData("allowedOrigins", "https://shop.example.com/path", "is not an origin")]
    public async Task Bad_settings_show_a_message_and_change_nothing(string field, string value, string message)
    {
        await dashboard.SignInAsync();
        var (_, list) = await dashboard.GetAsync("/environments");
        var (created, _) = await dashboard.SubmitAsync(list, "form.row button", new Dictionary<string, string?> { ["name"] = "Stable" });
        var path = created.Headers.Location!.OriginalString;
        var (_, settings) = await dashboard.GetAsync(path);

        var (response, page) = await dashboard.SubmitAsync(settings, "main form button[type=submit]",
            new Dictionary<string, string?> { [field] = value }, check: ["manualPlaybackStart"]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, page.QuerySelector("[role=alert]")!.TextContent);
        var (_, reloaded) = await dashboard.GetAsync(path);
        Assert.False(((IHtmlInputElement)reloaded.QuerySelector("#manualPlaybackStart")!).IsChecked);
        Assert.Equal("Stable", ((IHtmlInputElement)reloaded.QuerySelector("#name")!).Value);
        Assert.Equal("30", ((IHtmlInputElement)reloaded.QuerySelector("#retentionDays")!).Value);
        Assert.Equal("", ((IHtmlInputElement)reloaded.QuerySelector("#playbackQuota")!).Value);
    }

    [Fact]
    public async Task An_unknown_environment_id_is_a_404_for_reading_and_for_saving()
    {
        await dashboard.SignInAsync();
        var (get, _) = await dashboard.GetAsync("/environments/4242");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        var (_, list) = await dashboard.GetAsync("/environments");
        var token = list.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await dashboard.Client.PostAsync("/environments/4242", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["name"] = "ghost", ["retentionDays"] = "5",
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    public void Dispose()
    {
        dashboard.Dispose();
        app.Dispose();
    }
}
