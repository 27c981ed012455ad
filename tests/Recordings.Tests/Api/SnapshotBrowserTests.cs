using System.Text.Json;
using Recordings.Tests.Capture;

namespace Recordings.Tests.Api;

/// <summary>
/// The snapshots API read by a browser's own <c>fetch</c>: browsers decode only the first member of a multi-member
/// gzip response, silently, so what a browser reads must still be every line.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SnapshotBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task A_browser_fetching_each_source_with_gzip_reads_every_line_the_server_stored()
    {
        var (api, corpus) = await SnapshotTests.PartColdPartHotAsync("browser-read");
        using var _ = api;
        var reader = await api.ReaderAsync();
        var key = reader.DefaultRequestHeaders.Authorization!.Parameter!;
        var sources = (await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/browser-read/snapshots"))).GetProperty("sources").EnumerateArray()
            .Select(s => $"{api.Base}/browser-read/snapshots?source={s.GetProperty("source").GetString()}"
                + (s.GetProperty("blob_key").GetString() is { } blob ? "&blob_key=" + Uri.EscapeDataString(blob) : ""))
            .ToList();
        Assert.True(sources.Count >= 2, $"sources: {sources.Count}");

        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(api.App.BaseAddress, "/healthz").ToString());
        var total = 0;
        foreach (var url in sources)
        {
            var expected = await reader.GetStringAsync(url);
            var read = await page.EvaluateAsync<JsonElement>("""
                async ([url, key]) => {
                    const response = await fetch(url, { headers: { Authorization: 'Bearer ' + key } });
                    return { status: response.status, encoding: response.headers.get('content-encoding'), text: await response.text() };
                }
                """, new object[] { url, key });
            Assert.Equal(200, read.GetProperty("status").GetInt32());
            Assert.Equal("gzip", read.GetProperty("encoding").GetString());
            Assert.Equal(expected, read.GetProperty("text").GetString());
            total += expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        Assert.Equal(corpus.Lines.Count, total);
    }
}
