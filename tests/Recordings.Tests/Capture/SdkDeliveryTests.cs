using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

[Collection(ChromiumCollection.Name)]
public sealed class SdkDeliveryTests(Chromium chromium)
{
    [Theory]
    [InlineData("/sdk/recorder.js")]
    [InlineData("/lib/rrweb/record.js")]
    [InlineData("/lib/rrweb/console-record.js")]
    public async Task The_sdk_and_rrwebs_record_bundle_are_served_as_javascript(string path)
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000);
    }

    [Fact]
    public async Task The_demo_page_records_itself_and_its_button_starts_playback()
    {
        using var app = new RecordingsApp();
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        // The demo page shows the environment's token, so only a signed-in admin may open it.
        var page = await Recordings.Tests.DashboardPages.DashboardBrowser.SignInAsync(chromium.Browser, app);
        var errors = new List<string>();
        // Failed loads are reported by the Response event below (which leaves out the browser's own favicon request).
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource")) errors.Add(m.Text); };
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync(new Uri(app.BaseAddress, $"/demo?environment={env.Id}").ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('mode').textContent === 'behavior'");
        await page.ClickAsync("#start-playback");
        await page.WaitForFunctionAsync("() => document.getElementById('mode').textContent === 'playback'");
        var session = await page.EvaluateAsync<string>("() => RecordingsAPI.getSessionId()");
        await BrowserSession.WaitForFullSnapshotAsync(new CapturedData(app.DataDirectory), session);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.Context.CloseAsync();
    }
}
