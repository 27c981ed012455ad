using System.Diagnostics;
using System.Text.Json;

namespace Recordings.Tests.Support;

/// <summary>
/// Runs the real program's command line: in the test's process (the same code the program runs, without starting a
/// <c>dotnet</c> process, which costs seconds on the test machine), or as its own process
/// (<c>dotnet Recordings.Web.dll VERB …</c>) where the process itself is what a test is about.
/// </summary>
public static class OperatorCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public static async Task<Result> RunAsync(string dataDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await Web.Cli.OperatorCommand.RunAsync([.. args, "--DataDirectory", dataDirectory], stdout, stderr);
        return new Result(exitCode, stdout.ToString().Trim(), stderr.ToString().Trim());
    }

    public static async Task<Result> RunProcessAsync(string dataDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Recordings.Web.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--DataDirectory");
        start.ArgumentList.Add(dataDirectory);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }
}
