using System.Text.Json;
using Modules.Environments.Contracts;
using Web.Hosting;

namespace Web.Cli;

/// <summary>
/// The operator command line: <c>VERB NOUN [options]</c> through the same program as the server. Each command
/// prints one JSON object on stdout; on error it prints <c>{"error": …}</c> and exits non-zero.
/// </summary>
internal static class OperatorCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    private static readonly Dictionary<string, Func<CommandArguments, IServiceProvider, Task<object>>> Commands = new()
    {
        ["admin create"] = AdminCommands.CreateAsync,
        ["admin set-password"] = AdminCommands.SetPasswordAsync,
        ["admin remove"] = AdminCommands.RemoveAsync,
        ["environment create"] = EnvironmentCommands.CreateAsync,
        ["environment set"] = EnvironmentCommands.SetAsync,
        ["environment list"] = EnvironmentCommands.ListAsync,
        ["apikey create"] = ApiKeyCommands.CreateAsync,
        ["jobs run"] = StorageCommands.RunJobAsync,
        ["backup"] = StorageCommands.BackupAsync,
    };

    private static readonly HashSet<string> Nouns = Commands.Keys.Select(k => k.Split(' ')[0]).ToHashSet();

    public static bool IsCommand(string[] args) => args.Length > 0 && Nouns.Contains(args[0]);

    /// <param name="output">Where the JSON answer goes (standard output unless a test runs the command in its process).</param>
    /// <param name="error">Where the one-line error goes (standard error unless given).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        try
        {
            var parsed = CommandArguments.Parse(args);
            if (!Commands.TryGetValue(parsed.Name, out var command))
                throw new InvalidInputException("command", $"Unknown command '{parsed.Name}'. Known: {string.Join(", ", Commands.Keys)}.");
            await using var app = RecordingsServer.Build(parsed.ConfigurationArgs, withServer: false);
            await app.Services.GetRequiredService<ModuleInitialiser>().InitialiseAsync(CancellationToken.None);
            await using var scope = app.Services.CreateAsyncScope();
            var result = await command(parsed, scope.ServiceProvider);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            return 0;
        }
        catch (Exception e) when (e is InvalidInputException or NotFoundException)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { error = e.Message }, Json));
            await error.WriteLineAsync($"error: {e.Message}");
            return e is NotFoundException ? 3 : 2;
        }
    }
}
