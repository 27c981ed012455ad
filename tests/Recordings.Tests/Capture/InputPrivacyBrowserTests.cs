using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class InputPrivacyBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task Nothing_typed_into_inputs_reaches_the_server()
    {
        using var app = new RecordingsApp();
        await using var site = await TestSite.StartAsync();
        var stored = new CapturedData(app.DataDirectory);
        var env = await CaptureEnvironment.CreateAsync(app);
        var url = site.Page("form", app.BaseAddress, env.Token, """
            <form onsubmit="return false">
              <input id="name" type="text"> <input id="email" type="email"> <input id="pin" type="password">
              <textarea id="note"></textarea> <input id="search" type="search" class="rr-ignore">
              <button id="send">Send</button>
            </form>
            """);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await BrowserSession.OpenAsync(context, url);
        await page.WaitForModeAsync("playback");
        var secrets = new[] { "Zebulon", "zq@secret.test", "SuperSecret9", "Typed note xylophone", "quixotic" };
        var fields = new[] { "#name", "#email", "#pin", "#note", "#search" };
        for (var i = 0; i < fields.Length; i++)
        {
            await page.Locator(fields[i]).PressSequentiallyAsync(secrets[i], new() { Delay = 5 });
            await page.Keyboard.PressAsync("Tab");
        }
        await page.ClickAsync("#send");
        await page.FlushAsync();
        var session = await page.SessionIdAsync();
        await Eventually.TrueAsync(async () => (await stored.ChunksAsync(session)).Any(c => c.Jsonl.Contains("\"source\":5")), "rrweb input events");
        await page.FlushAsync();

        var everything = await stored.EverythingAsync();
        Assert.Contains(await stored.EventsAsync(session), e => e.Type == "input" && e.Selector == "input#name");
        foreach (var secret in secrets) Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        foreach (var secret in secrets) Assert.DoesNotContain(secret[..5], everything, StringComparison.OrdinalIgnoreCase);
    }
}
