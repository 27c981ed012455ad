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
        var module = app.Service(sp => sp.GetRequiredService<IEnvironmentsModule>());
        var env = await module.CreateEnvironmentAsync("capture " + Guid.NewGuid().ToString("N")[..6]);
        return settings is null ? env : await module.UpdateEnvironmentAsync(env.Id, env.Name, settings(env.Settings));
    }

    public static Task<PlaybackQuotaUsage> QuotaUsageAsync(RecordingsApp app, int environmentId) =>
        app.Service(sp => sp.GetRequiredService<IEnvironmentsModule>()).GetPlaybackQuotaUsageAsync(environmentId);

    public static async Task<string> ApiKeyAsync(RecordingsApp app, params string[] scopes) =>
        (await app.Service(sp => sp.GetRequiredService<IEnvironmentsModule>()).CreateApiKeyAsync("tests", scopes, null)).Key;
}
