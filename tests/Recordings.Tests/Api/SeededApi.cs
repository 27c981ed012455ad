using Recordings.Tests.Support;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Recordings.Tests.Capture;

namespace Recordings.Tests.Api;

/// <summary>
/// A server with four recordings sent through the ingestion endpoints: three replayable shop/blog visits and one
/// behaviour-only session (its rrweb data refused, its events kept).
/// </summary>
public sealed class SeededApi : IAsyncLifetime
{
    public const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    public const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    public ApiFixture Api { get; private set; } = null!;
    public HttpClient Reader { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public string Base => Api.Base;

    public async Task InitializeAsync()
    {
        Api = await ApiFixture.StartAsync();
        // Replayable visits first (sessions start in playback), then manual start on, so the last session stays in
        // behaviour mode. Batches alone create the recordings, so their times are the events' own.
        await Api.Seeder.ShopVisitAsync("visit-a", startAgoMs: 300_000, paths: ["/", "/products/42", "/cart"], clicks: 4, clickGapMs: 250,
            error: "TypeError: Cannot read properties of undefined (reading 'price') at 1234", distinctId: "alice", userAgent: Chrome);
        await Api.Seeder.ShopVisitAsync("visit-b", startAgoMs: 200_000, paths: ["/", "/products/42", "/cart"], clicks: 1,
            error: "TypeError: Cannot read properties of undefined (reading 'price') at 99", distinctId: "bob", userAgent: IPhone);
        await Api.Seeder.ShopVisitAsync("visit-c", startAgoMs: 100_000, paths: ["/blog", "/blog/post-1"], clicks: 0);
        var env = Api.Environment;
        await EnvironmentsRoles.Of(Api.App).Catalog.UpdateEnvironmentAsync(env.Id, env.Name, env.Settings with { ManualPlaybackStart = true });
        await Api.Seeder.RecordAsync("behaviour-only", "w1",
            [RecordingSeeder.Event("pageview", IngestClient.Now - 50_000, ("url", "https://shop.test/help")), RecordingSeeder.Event("click", IngestClient.Now - 49_000, ("selector", "a.faq"))],
            [RecordingSeeder.Rrweb(4, IngestClient.Now - 50_000, new() { ["href"] = "https://shop.test/help", ["width"] = 800, ["height"] = 600 })]);
        // The keys act for an admin, as keys made on the dashboard's API keys page do, so viewed can be asked.
        var owner = await Api.NewAdminAsync("seeded-api@example.com");
        Reader = await Api.ReaderAsync(owner.Id);
        Admin = await Api.ClientAsync([.. ApiScopes.All], null, owner.Id);
    }

    public async Task<JsonElement> GetJsonAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? Reader).GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public Task DisposeAsync()
    {
        Api.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(nameof(SeededApi))]
public sealed class SeededApiCollection : ICollectionFixture<SeededApi>;

internal static class Scopes
{
    public static readonly string[] Read = [ApiScopes.RecordingRead, ApiScopes.SharingRead];
}
