using Microsoft.Playwright;
using Modules.Environments.Contracts;
using System.Text;
using Recordings.Tests.Capture;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.Snapshots;

/// <summary>
/// A real rrweb recording made by the SDK in Chromium: page loads in one tab, another tab of the same session, clicks,
/// typing and DOM changes. <see cref="StoredLinesAsync"/> is every JSONL line the server has stored for it, read
/// straight from its database and its segment files (not through the server): what every read of the recording must
/// give back, each line exactly once.
/// </summary>
public sealed class RecordedSession(RecordingsApp app, TestSite site, EnvironmentInfo env, IBrowserContext context)
{
    private readonly CapturedData stored = new(app.DataDirectory);
    private int pages;

    public string SessionId { get; private set; } = "";

    /// <summary>Opens a tab and walks it through <paramref name="loads"/> page loads, acting on each, then flushes.</summary>
    public async Task RecordTabAsync(int loads)
    {
        var page = await BrowserSession.OpenAsync(context, Page());
        for (var load = 0; load < loads; load++)
        {
            await page.WaitForModeAsync("playback");
            await page.FillAsync("#q", $"typed on load {load}");
            await page.ClickAsync("#buy");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#list li').length === 30");
            await page.FlushAsync();
            if (load + 1 < loads)
            {
                var next = Page();
                await page.EvaluateAsync("url => { document.getElementById('next').href = url; }", next);
                await page.ClickAsync("#next");
                await page.WaitForFunctionAsync("() => window.sdkReady === true");
            }
        }
        SessionId = SessionId is "" ? await page.SessionIdAsync() : SessionId;
        Assert.Equal(SessionId, await page.SessionIdAsync());
        await page.FlushAsync();
    }

    /// <summary>Every stored line, sorted: the segment files' members decompressed, then the hot chunks.</summary>
    public async Task<List<string>> StoredLinesAsync()
    {
        var text = new StringBuilder();
        foreach (var (_, path) in StoredData.SegmentFiles(app.DataDirectory, SessionId))
            text.Append(CapturedData.Gunzip(await File.ReadAllBytesAsync(path)));
        foreach (var chunk in await stored.ChunksAsync(SessionId)) text.Append(chunk.Jsonl);
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    public static int Windows(IEnumerable<string> lines) => lines.Select(l => l[..l.IndexOf("\",", StringComparison.Ordinal)]).Distinct().Count();

    private string Page()
    {
        var name = $"page-{++pages}";
        return site.Page(name, app.BaseAddress, env.Token, $"""
            <h1>{name}</h1><input id="q"><button id="buy" onclick="this.textContent = 'Bought ' + Date.now()">Buy</button>
            <a id="next" href="#">Next</a><ul id="list"></ul>
            """, endScript: "for (let i = 0; i < 30; i++) { const li = document.createElement('li'); li.textContent = 'item ' + i; document.getElementById('list').appendChild(li); }");
    }
}
