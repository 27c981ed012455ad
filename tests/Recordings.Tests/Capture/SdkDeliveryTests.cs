using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
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
        var plain = await response.Content.ReadAsByteArrayAsync();
        Assert.True(plain.Length > 1000);
        // Cached for an hour, then revalidated by its ETag.
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
        revalidate.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(revalidate)).StatusCode);
        // Compressed for a browser that accepts it, and the same bytes once decoded.
        foreach (var (encoding, decode) in new (string, Func<Stream, Stream>)[]
        {
            ("br", s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionMode.Decompress)),
            ("gzip", s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress)),
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            var compressed = await http.SendAsync(request);
            Assert.Equal(encoding, Assert.Single(compressed.Content.Headers.ContentEncoding));
            var body = await compressed.Content.ReadAsByteArrayAsync();
            Assert.True(body.Length < plain.Length * 3 / 4, $"{encoding}: {body.Length} of {plain.Length} bytes");
            using var decoded = new MemoryStream();
            await decode(new MemoryStream(body)).CopyToAsync(decoded);
            Assert.Equal(plain, decoded.ToArray());
        }
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
