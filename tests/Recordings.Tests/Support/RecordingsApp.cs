using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Recordings.Tests.Support;

/// <summary>
/// The real server on a real port (Kestrel, port 0) over real SQLite files in its own data directory.
/// Dispose and start another on the same <see cref="DataDirectory"/> to restart it.
/// </summary>
public sealed class RecordingsApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    /// <param name="settings">Configuration for this server only, e.g. ingestion limits.</param>
    /// <param name="services">Replaces services for this server only, e.g. a clock set into the future.</param>
    public RecordingsApp(string? dataDirectory = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        DataDirectory = dataDirectory ?? TempDirectory.Create("data");
        this.settings = PostgresServer.ForRun(DataDirectory, settings ?? new Dictionary<string, string?>());
        this.services = services;
        UseKestrel(0);
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    public string DataDirectory { get; }
    public Uri BaseAddress { get; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDirectory", DataDirectory);
        // Hundreds of servers start in one run; their start-up lines would bury a failure in CI's output.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Development");
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// <summary>A client that does not follow redirects and keeps cookies.</summary>
    public HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = BaseAddress };

    public T Service<T>(Func<IServiceProvider, T> get)
    {
        var scope = Services.CreateScope();
        return get(scope.ServiceProvider);
    }
}

public static class TempDirectory
{
    /// <summary>The run's own directory, removed once the test host is gone (<see cref="ProcessWatchdog"/>).</summary>
    private static readonly Lazy<string> Run = new(() =>
    {
        var run = Path.Combine(Path.GetTempPath(), "recordings-tests", $"run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(run);
        ProcessWatchdog.WhenGone($"rm -rf '{run}'");
        return run;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Create(string name)
    {
        var dir = Path.Combine(Run.Value, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}

public static class HttpJson
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}

/// <summary>The Recordings module's roles, resolved in one scope, for tests that use several of them.</summary>
public sealed record RecordingsRoles(
    Modules.Recordings.IRecordingCatalog Catalog, Modules.Recordings.IRecordingSnapshots Snapshots, Modules.Recordings.IRecordingInsights Insights,
    Modules.Recordings.IRecordingStorage Storage, Modules.Recordings.IRecordingCollections Collections)
{
    public static RecordingsRoles Of(RecordingsApp app) => app.Service(sp => new RecordingsRoles(
        sp.GetRequiredService<Modules.Recordings.IRecordingCatalog>(), sp.GetRequiredService<Modules.Recordings.IRecordingSnapshots>(),
        sp.GetRequiredService<Modules.Recordings.IRecordingInsights>(), sp.GetRequiredService<Modules.Recordings.IRecordingStorage>(),
        sp.GetRequiredService<Modules.Recordings.IRecordingCollections>()));
}

/// <summary>The Environments module's roles, resolved in one scope, for tests that use several of them.</summary>
public sealed record EnvironmentsRoles(
    Modules.Environments.IEnvironmentCatalog Catalog, Modules.Environments.ITrackingRules Rules, Modules.Environments.IAdminAccounts Admins,
    Modules.Environments.IAdminSessions Sessions, Modules.Environments.IApiKeys ApiKeys)
{
    public static EnvironmentsRoles Of(IServiceProvider sp) => new(
        sp.GetRequiredService<Modules.Environments.IEnvironmentCatalog>(), sp.GetRequiredService<Modules.Environments.ITrackingRules>(),
        sp.GetRequiredService<Modules.Environments.IAdminAccounts>(), sp.GetRequiredService<Modules.Environments.IAdminSessions>(),
        sp.GetRequiredService<Modules.Environments.IApiKeys>());

    public static EnvironmentsRoles Of(RecordingsApp app) => app.Service(Of);
}
