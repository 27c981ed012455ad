using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Cli;

internal static class EnvironmentCommands
{
    /// <summary><c>environment create --name N</c></summary>
    public static async Task<object> CreateAsync(CommandArguments a, IServiceProvider services)
    {
        var name = a.Required("name");
        a.EnsureAllUsed();
        var env = await services.GetRequiredService<IEnvironmentsModule>().CreateEnvironmentAsync(name);
        return new { env.Id, env.Name, env.Token };
    }

    /// <summary><c>environment set ID [--name N] [--manual-playback B] [--playback-quota N|unlimited] [--retention-days N] [--recording-enabled B] [--mask-all-inputs B] [--allowed-origins a,b]</c></summary>
    public static async Task<object> SetAsync(CommandArguments a, IServiceProvider services)
    {
        var id = a.PositionalInt(0, "environment id");
        var name = a.Optional("name");
        var manual = a.OptionalBool("manual-playback");
        var quotaText = a.Optional("playback-quota");
        var retention = a.OptionalInt("retention-days");
        var enabled = a.OptionalBool("recording-enabled");
        var mask = a.OptionalBool("mask-all-inputs");
        var origins = a.Optional("allowed-origins");
        a.EnsureAllUsed();

        var module = services.GetRequiredService<IEnvironmentsModule>();
        var env = await module.FindEnvironmentAsync(id) ?? throw new NotFoundException($"Environment {id} does not exist.");
        var s = env.Settings;
        var settings = s with
        {
            ManualPlaybackStart = manual ?? s.ManualPlaybackStart,
            PlaybackQuota = quotaText is null ? s.PlaybackQuota : ParseQuota(quotaText),
            RetentionDays = retention ?? s.RetentionDays,
            RecordingEnabled = enabled ?? s.RecordingEnabled,
            MaskAllInputs = mask ?? s.MaskAllInputs,
            AllowedOrigins = origins is null ? s.AllowedOrigins : origins.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        var updated = await module.UpdateEnvironmentAsync(id, name ?? env.Name, settings);
        return Describe(updated);
    }

    /// <summary><c>environment list</c></summary>
    public static async Task<object> ListAsync(CommandArguments a, IServiceProvider services)
    {
        a.EnsureAllUsed();
        var all = await services.GetRequiredService<IEnvironmentsModule>().ListEnvironmentsAsync();
        return new { Environments = all.Select(Describe) };
    }

    private static object Describe(EnvironmentInfo e) => new
    {
        e.Id, e.Name, e.Token,
        e.Settings.RecordingEnabled,
        ManualPlayback = e.Settings.ManualPlaybackStart,
        e.Settings.PlaybackQuota,
        e.Settings.RetentionDays,
        e.Settings.MaskAllInputs,
        e.Settings.AllowedOrigins,
    };

    private static int? ParseQuota(string text) =>
        text is "unlimited" or "" ? null
        : int.TryParse(text, out var n) ? n
        : throw new InvalidInputException("playback-quota", "--playback-quota must be a whole number or 'unlimited'.");
}
