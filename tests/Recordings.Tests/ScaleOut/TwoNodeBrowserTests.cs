using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.ScaleOut;

/// <summary>
/// SDK traffic from real Chromium split across two nodes (two server hosts on two loopback ports sharing one
/// PostgreSQL database and one cold directory): each node serves what the other recorded.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Postgres")]
[Trait("Category", "Browser")]
public sealed class TwoNodeBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private readonly string database = PostgresServer.NewDatabase();
    private readonly string cold = TempDirectory.Create("two-node-browser-cold");
    private RecordingsApp a = null!;
    private RecordingsApp b = null!;
    private TestSite site = null!;

    public async Task InitializeAsync()
    {
        var settings = PostgresServer.Settings(database);
        settings["Storage:ColdDirectory"] = cold;
        a = new RecordingsApp(settings: settings);
        b = new RecordingsApp(settings: settings);
        site = await TestSite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await site.DisposeAsync();
        a.Dispose();
        b.Dispose();
    }

    private const string Body = """<h1 id="title">Shop</h1><button id="buy">Buy</button>""";

    [Fact]
    public async Task Sessions_recorded_by_chromium_through_node_A_and_node_B_are_listed_and_replayed_by_both_nodes()
    {
        var env = await CaptureEnvironment.CreateAsync(a);
        var sessions = new Dictionary<string, string>();
        foreach (var (name, node) in new[] { ("via-a", a), ("via-b", b) })
        {
            var url = site.Page(name, node.BaseAddress, env.Token, Body);
            await using var context = await chromium.Browser.NewContextAsync();
            var page = await BrowserSession.OpenAsync(context, url);
            await page.WaitForModeAsync("playback");
            await page.ClickAsync("#buy");
            // Resolves once the node has acknowledged (committed) everything captured so far.
            await page.FlushAsync();
            sessions[name] = await page.SessionIdAsync();
        }
        Assert.NotEqual(sessions["via-a"], sessions["via-b"]);

        var key = (await a.Service(sp => sp.GetRequiredService<IApiKeys>()).CreateApiKeyAsync("two nodes", [ApiScopes.RecordingRead], null)).Key;
        foreach (var node in new[] { a, b })
        {
            using var reader = node.NewClient();
            reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var list = await SeededApi.JsonOf(await reader.GetAsync($"/api/projects/{env.Id}/session_recordings"));
            var listed = list.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToHashSet();
            Assert.All(sessions.Values, s => Assert.Contains(s, listed));
            foreach (var session in sessions.Values)
            {
                var root = $"/api/projects/{env.Id}/session_recordings/{session}/snapshots";
                var sources = (await SeededApi.JsonOf(await reader.GetAsync(root))).GetProperty("sources").EnumerateArray().ToList();
                var all = "";
                foreach (var s in sources)
                {
                    using var answer = await reader.GetAsync($"{root}?source={s.GetProperty("source").GetString()}&blob_key={Uri.EscapeDataString(s.GetProperty("blob_key").GetString()!)}");
                    Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                    all += await answer.Content.ReadAsStringAsync();
                }
                // The page's full snapshot with its button, and the click on it.
                Assert.Contains("\"type\":2,", all);
                Assert.Contains("Buy", all);
                Assert.Contains("\"source\":2", all);
            }
        }
    }
}
