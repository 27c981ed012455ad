using Modules.Environments.Contracts;

namespace Web.Ingestion;

/// <summary>
/// The remote config posthog-js asks for (<c>/array/{token}/config(.js)</c>, <c>/flags/?config=true</c>): session
/// recording on with our <c>/s/</c> endpoint and the environment's masking, and everything we do not serve turned off so
/// the SDK does not call for it.
/// </summary>
internal static class PosthogRemoteConfig
{
    public static Dictionary<string, object?> For(EnvironmentSettings settings) => new()
    {
        ["supportedCompression"] = new[] { "gzip", "gzip-js" },
        // posthog-js records only when the server enables recording (its remote config's "enabled"), so "off" could
        // never be started by the page. With the manual toggle on, recording is enabled at a sample rate of 0: the
        // SDK records nothing until the page calls posthog.startSessionRecording(true), which overrides the sampling.
        ["sessionRecording"] = settings.RecordingEnabled ? Recording(settings) : false,
        ["autocapture_opt_out"] = false,
        ["capturePerformance"] = false,
        ["autocaptureExceptions"] = false,
        ["errorTracking"] = new { autocaptureExceptions = false, captureExtensionExceptions = false, suppressionRules = Array.Empty<object>() },
        ["logs"] = new { captureConsoleLogs = false },
        ["heatmaps"] = false,
        ["captureDeadClicks"] = false,
        ["surveys"] = false,
        ["productTours"] = false,
        ["conversations"] = false,
        ["hasFeatureFlags"] = false,
        ["defaultIdentifiedOnly"] = true,
        ["elementsChainAsString"] = true,
        ["isAuthenticated"] = false,
        ["toolbarParams"] = new { },
        ["toolbarVersion"] = "toolbar",
        ["siteApps"] = Array.Empty<object>(),
    };

    private static Dictionary<string, object?> Recording(EnvironmentSettings settings) => new()
    {
        ["endpoint"] = "/s/",
        ["consoleLogRecordingEnabled"] = true,
        ["recordCanvas"] = false,
        ["sampleRate"] = settings.ManualPlaybackStart ? "0.00" : null,
        ["minimumDurationMilliseconds"] = null,
        ["linkedFlag"] = null,
        ["networkPayloadCapture"] = null,
        ["urlTriggers"] = Array.Empty<object>(),
        ["urlBlocklist"] = Array.Empty<object>(),
        ["eventTriggers"] = Array.Empty<object>(),
        ["scriptConfig"] = new { script = "lazy-recorder" },
        ["masking"] = new { maskAllInputs = settings.MaskAllInputs },
    };

    /// <summary>The <c>/flags/?v=2</c> answer: no flags (we evaluate none), with the config merged in when asked for.</summary>
    public static Dictionary<string, object?> Flags(EnvironmentSettings settings, bool withConfig)
    {
        var answer = withConfig ? For(settings) : [];
        answer["flags"] = new Dictionary<string, object>();
        answer["featureFlags"] = new Dictionary<string, object>();
        answer["featureFlagPayloads"] = new Dictionary<string, object>();
        answer["errorsWhileComputingFlags"] = false;
        answer["quotaLimited"] = Array.Empty<string>();
        answer["requestId"] = Guid.NewGuid().ToString();
        return answer;
    }
}
