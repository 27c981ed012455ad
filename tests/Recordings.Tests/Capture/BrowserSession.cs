using Microsoft.Playwright;

namespace Recordings.Tests.Capture;

/// <summary>What the tests ask the SDK inside a page.</summary>
public static class BrowserSession
{
    public static async Task<IPage> OpenAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.sdkReady === true", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        return page;
    }

    public static Task<string> SessionIdAsync(this IPage page) => page.EvaluateAsync<string>("() => RecordingsAPI.getSessionId()");
    public static Task<string> WindowIdAsync(this IPage page) => page.EvaluateAsync<string>("() => RecordingsAPI.getWindowId()");
    public static Task<string> ModeAsync(this IPage page) => page.EvaluateAsync<string>("() => RecordingsAPI.getTrackingMode()");

    /// <summary>Resolves once the server has acknowledged (committed) everything captured so far.</summary>
    public static Task FlushAsync(this IPage page) => page.EvaluateAsync("() => RecordingsAPI.flush()");

    public static Task WaitForModeAsync(this IPage page, string mode) =>
        page.WaitForFunctionAsync($"() => RecordingsAPI.getTrackingMode() === '{mode}'", null, new PageWaitForFunctionOptions { Timeout = 15000 });

    /// <summary>Waits until the session has a stored full snapshot (rrweb type 2) from the given window.</summary>
    public static Task WaitForFullSnapshotAsync(CapturedData stored, string sessionId, string? windowId = null) =>
        Eventually.TrueAsync(async () => (await stored.ChunksAsync(sessionId))
            .Any(c => (windowId is null || c.WindowId == windowId) && c.Jsonl.Contains("{\"type\":2,")), $"a full snapshot of {sessionId}");
}
