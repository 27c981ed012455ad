using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>Environments for capture tests, made through the Environments module as an admin would.</summary>
public static class CaptureEnvironment
{
    public static async Task<EnvironmentInfo> CreateAsync(RecordingsApp app, Func<EnvironmentSettings, EnvironmentSettings>? settings = null)
    {
        var module = EnvironmentsRoles.Of(app);
        var env = await module.Catalog.CreateEnvironmentAsync("capture " + Guid.NewGuid().ToString("N")[..6]);
        return settings is null ? env : await module.Catalog.UpdateEnvironmentAsync(env.Id, env.Name, settings(env.Settings));
    }

    public static Task<PlaybackQuotaUsage> QuotaUsageAsync(RecordingsApp app, int environmentId) =>
        app.Service(sp => sp.GetRequiredService<ITrackingRules>()).GetPlaybackQuotaUsageAsync(environmentId);

    public static async Task<string> ApiKeyAsync(RecordingsApp app, params string[] scopes) =>
        (await app.Service(sp => sp.GetRequiredService<IApiKeys>()).CreateApiKeyAsync("tests", scopes, null)).Key;
}
