using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ApiBench;

/// <summary>The real server binary on a free port over a data directory, and its command line for set-up.</summary>
internal sealed class ServerProcess(string serverDll, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    private Process? process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The CPU time the started server has used so far (all its threads: requests, GC, background jobs).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process!.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Runs a command-line verb (it applies migrations first) and returns its JSON output.</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        var run = Start([.. args, "--DataDirectory", dataDirectory, .. Settings]);
        var output = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0) throw new InvalidOperationException($"'{string.Join(' ', args)}' failed: {output} {await run.StandardError.ReadToEndAsync()}");
        return output;
    }

    public async Task StartAsync()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process = Start(["--urls", BaseAddress.ToString(), "--DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "Warning", .. Settings]);
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("The server did not start.");
            await Task.Delay(200);
        }
    }

    /// <summary>The settings (e.g. the database provider) as command-line arguments, for the server and its verbs alike.</summary>
    private IEnumerable<string> Settings => (settings ?? new Dictionary<string, string>()).SelectMany(s => new[] { $"--{s.Key}", s.Value });

    private Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(serverDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        var started = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        return started;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}
