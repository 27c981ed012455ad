using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using System.Text.RegularExpressions;
using Modules.Environments.Contracts;
using Web.Hosting;

namespace Web.Cli;

/// <summary>
/// The operator command line: <c>NOUN VERB [options]</c> through the same program as the server, parsed by
/// System.CommandLine (which gives <c>--help</c> on every verb). Each command prints one JSON object on stdout; on
/// error it prints <c>{"error": …}</c>, writes <c>error: …</c> to stderr and exits 2 (bad input) or 3 (unknown id).
/// </summary>
internal static class OperatorCommand
{
    /// <summary>Options that configure the host (<c>--DataDirectory DIR</c>, <c>--Storage:ColdDirectory=DIR</c>), not the command.</summary>
    private static readonly string[] ConfigurationKeys = ["DataDirectory", "ConnectionStrings", "Database", "Logging", "Storage"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    private static readonly string[] Nouns = [.. Root(new([], TextWriter.Null)).Subcommands.Select(c => c.Name)];

    public static bool IsCommand(string[] args) => args.Length > 0 && (Nouns.Contains(args[0]) || args[0] is "--help" or "-h" or "help");

    /// <param name="output">Where the JSON answer and help go (standard output unless a test runs the command in its process).</param>
    /// <param name="error">Where the one-line error goes (standard error unless given).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var (commandArgs, configurationArgs) = SplitConfiguration(args);
        if (commandArgs is ["help", .. var rest]) commandArgs = [.. rest, "--help"];
        var parse = Root(new(configurationArgs, output)).Parse(commandArgs);
        try
        {
            if (parse.Action is not HelpAction && parse.Errors.Count > 0)
                throw new InvalidInputException("command", Regex.Replace(string.Join(" ", parse.Errors.Select(e => e.Message)), @"\s+", " "));
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is InvalidInputException or NotFoundException)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { error = e.Message }, Json));
            await error.WriteLineAsync($"error: {e.Message}");
            return e is NotFoundException ? 3 : 2;
        }
    }

    private static RootCommand Root(Runner run) =>
        new("Recordings: run with no command to start the server; with a command, change or inspect an installation and print one JSON object.")
        {
            AdminCommands.Create(run),
            EnvironmentCommands.Create(run),
            ApiKeyCommands.Create(run),
            StorageCommands.CreateJobs(run),
            StorageCommands.CreateBackup(run),
            MigrateCommand.Create(run),
        };

    private static (string[] Command, string[] Configuration) SplitConfiguration(string[] args)
    {
        List<string> command = [], configuration = [];
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var key = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..].Split('=', 2)[0] : null;
            if (key is null || !ConfigurationKeys.Any(k => key.StartsWith(k, StringComparison.OrdinalIgnoreCase))) { command.Add(arg); continue; }
            if (arg.Contains('=')) configuration.Add(arg);
            else if (i + 1 < args.Length) configuration.Add($"{arg}={args[++i]}");
            else throw new InvalidInputException(key, $"Option {arg} needs a value.");
        }
        return ([.. command], [.. configuration]);
    }

    /// <summary>Runs a command's body against the configured installation and prints what it returns.</summary>
    internal sealed class Runner(string[] configurationArgs, TextWriter output)
    {
        /// <summary>The host's settings given on the command line (<c>--DataDirectory DIR</c> and the like).</summary>
        public string[] ConfigurationArgs => configurationArgs;

        public Task PrintAsync(object result) => output.WriteLineAsync(JsonSerializer.Serialize(result, Json));

        public Command Handle(Command command, Func<ParseResult, IServiceProvider, Task<object>> body)
        {
            command.SetAction(async (parse, ct) =>
            {
                await using var app = RecordingsServer.Build(configurationArgs, withServer: false);
                await app.Services.GetRequiredService<ModuleInitialiser>().InitialiseAsync(ct);
                await using var scope = app.Services.CreateAsyncScope();
                var result = await body(parse, scope.ServiceProvider);
                await PrintAsync(result);
                return 0;
            });
            return command;
        }
    }
}
