using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Api;

/// <summary>A real server with one environment, its ingestion client and API clients with chosen scopes.</summary>
public sealed class ApiFixture : IDisposable
{
    private readonly List<HttpClient> clients = [];

    private ApiFixture(RecordingsApp app, EnvironmentInfo environment)
    {
        App = app;
        Environment = environment;
        var http = app.NewClient();
        clients.Add(http);
        Ingest = new IngestClient(http, environment.Token);
        Seeder = new RecordingSeeder(http, environment.Token);
    }

    public RecordingsApp App { get; }
    public EnvironmentInfo Environment { get; }
    public IngestClient Ingest { get; }
    public RecordingSeeder Seeder { get; }
    public string Base => $"/api/projects/{Environment.Id}/session_recordings";

    /// <param name="settings">Server settings, e.g. <c>Storage:ColdAfterSeconds</c>.</param>
    /// <param name="dataDirectory">Where the server keeps its data; a new directory when null.</param>
    /// <param name="services">Replaces services, e.g. the server's clock.</param>
    public static async Task<ApiFixture> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null,
        Action<IServiceCollection>? services = null)
    {
        var app = new RecordingsApp(dataDirectory, settings, services);
        return new ApiFixture(app, await CaptureEnvironment.CreateAsync(app));
    }

    public Task<EnvironmentInfo> NewEnvironmentAsync() => CaptureEnvironment.CreateAsync(App);

    /// <summary>A seeder for another environment of the same server.</summary>
    public RecordingSeeder SeederFor(EnvironmentInfo environment)
    {
        var http = App.NewClient();
        clients.Add(http);
        return new RecordingSeeder(http, environment.Token);
    }

    /// <summary>
    /// An API client whose key has these scopes, limited to <paramref name="environmentIds"/> when given, acting for
    /// <paramref name="ownerAdminId"/> (whose views <c>viewed</c> reports) or for no admin.
    /// </summary>
    public async Task<HttpClient> ClientAsync(string[] scopes, int[]? environmentIds = null, int? ownerAdminId = null)
    {
        var key = await App.Service(sp => sp.GetRequiredService<IApiKeys>()).CreateApiKeyAsync("api tests", scopes, environmentIds, ownerAdminId);
        return Client(key.Key);
    }

    /// <summary>An API client presenting <paramref name="key"/>.</summary>
    public HttpClient Client(string key)
    {
        var http = App.NewClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        clients.Add(http);
        return http;
    }

    public Task<HttpClient> ReaderAsync(int? ownerAdminId = null) => ClientAsync([ApiScopes.RecordingRead, ApiScopes.SharingRead], null, ownerAdminId);

    /// <summary>A dashboard admin made through the Environments module (the set-up page makes the first one in dashboard tests).</summary>
    public Task<AdminInfo> NewAdminAsync(string email) =>
        App.Service(sp => sp.GetRequiredService<IAdminAccounts>()).CreateAdminAsync(email, Dashboard.Password);

    public Task<HttpClient> AdminAsync() => ClientAsync([.. ApiScopes.All]);

    public RecordingsRoles Recordings() => RecordingsRoles.Of(App);

    public void Dispose()
    {
        foreach (var c in clients) c.Dispose();
        App.Dispose();
    }
}
