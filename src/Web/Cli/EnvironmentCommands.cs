using System.CommandLine;
using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Cli;

internal static class EnvironmentCommands
{
    public static Command Create(OperatorCommand.Runner run) => new("environment", "Environments (sites) that send recordings")
    {
        CreateCommand(run),
        SetCommand(run),
        run.Handle(new Command("list", "Lists every environment with its settings"), async (_, services) =>
        {
            var all = await services.GetRequiredService<IEnvironmentCatalog>().ListEnvironmentsAsync();
            return new { Environments = all.Select(Describe) };
        }),
    };

    private static Command CreateCommand(OperatorCommand.Runner run)
    {
        var name = CliOptions.Text("--name", "The environment's name");
        return run.Handle(new Command("create", "Makes an environment and prints its SDK token") { name }, async (p, services) =>
        {
            var env = await services.GetRequiredService<IEnvironmentCatalog>().CreateEnvironmentAsync(p.GetValue(name)!);
            return new { env.Id, env.Name, env.Token };
        });
    }

    private static Command SetCommand(OperatorCommand.Runner run)
    {
        var id = CliOptions.PositiveId("environment id");
        var name = CliOptions.Text("--name", "A new name", required: false);
        var manual = CliOptions.Switch("--manual-playback", "Playback recording starts only when the page calls startPlaybackRecording()");
        var quota = CliOptions.Text("--playback-quota", "Playback sessions a month: a whole number or 'unlimited'", required: false);
        var retention = CliOptions.WholeNumber("--retention-days", "Days a recording is kept");
        var enabled = CliOptions.Switch("--recording-enabled", "Whether the SDK records at all");
        var mask = CliOptions.Switch("--mask-all-inputs", "Mask every input's value in replays");
        var origins = CliOptions.List("--allowed-origins", "The page origins the SDK may send from, e.g. https://a.example,https://b.example");
        var command = new Command("set", "Changes an environment's name or settings; what is not given stays")
        {
            id, name, manual, quota, retention, enabled, mask, origins,
        };
        return run.Handle(command, async (p, services) =>
        {
            var module = services.GetRequiredService<IEnvironmentCatalog>();
            var envId = p.GetValue(id);
            var env = await module.FindEnvironmentAsync(envId) ?? throw new NotFoundException($"Environment {envId} does not exist.");
            var s = env.Settings;
            var quotaText = p.GetValue(quota);
            var settings = s with
            {
                ManualPlaybackStart = p.IsOn(manual) ?? s.ManualPlaybackStart,
                PlaybackQuota = quotaText is null ? s.PlaybackQuota : ParseQuota(quotaText),
                RetentionDays = p.GetValue(retention) ?? s.RetentionDays,
                RecordingEnabled = p.IsOn(enabled) ?? s.RecordingEnabled,
                MaskAllInputs = p.IsOn(mask) ?? s.MaskAllInputs,
                AllowedOrigins = p.GetValue(origins) ?? s.AllowedOrigins,
            };
            return Describe(await module.UpdateEnvironmentAsync(envId, p.GetValue(name) ?? env.Name, settings));
        });
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
