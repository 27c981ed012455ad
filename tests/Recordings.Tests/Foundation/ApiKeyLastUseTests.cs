using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

/// <summary>
/// Every API request authenticates its key; the key's last use is written at most once a minute, so a busy script
/// does not write on every request, and the API keys page still tells when a key was last used.
/// </summary>
public sealed class ApiKeyLastUseTests : IDisposable
{
    private readonly SettableClock clock = new(DateTimeOffset.UtcNow);
    private readonly RecordingsApp app;

    public ApiKeyLastUseTests() => app = new RecordingsApp(services: s => s.AddSingleton<TimeProvider>(clock));

    [Fact]
    public async Task A_keys_last_use_is_reported_and_moves_on_only_once_a_minute_has_passed()
    {
        var environments = EnvironmentsRoles.Of(app);
        var created = await environments.ApiKeys.CreateApiKeyAsync("script", [ApiScopes.RecordingRead], null);
        Assert.Null(await LastUsedAsync(created.Info.Id));
        using var http = app.NewClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);

        var first = clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/projects/")).StatusCode);
        Assert.Equal(first, await LastUsedAsync(created.Info.Id));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/projects/")).StatusCode);
        Assert.Equal(first, await LastUsedAsync(created.Info.Id));

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/projects/")).StatusCode);
        Assert.Equal(first.AddSeconds(61), await LastUsedAsync(created.Info.Id));
    }

    private async Task<DateTimeOffset?> LastUsedAsync(int keyId) =>
        (await app.Service(sp => sp.GetRequiredService<IApiKeys>()).ListApiKeysAsync()).Single(k => k.Id == keyId).LastUsedAt;

    public void Dispose() => app.Dispose();

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;
        public override DateTimeOffset GetUtcNow() => now;
        public void Advance(TimeSpan by) => now += by;
    }
}
