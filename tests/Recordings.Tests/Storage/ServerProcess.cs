using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Recordings.Tests.Storage;

/// <summary>
/// The real program as its own process (<c>dotnet Recordings.Web.dll --urls … --DataDirectory …</c>), so a test can
/// kill it with SIGKILL the way a crash or an OOM killer would, and start it again on the same data.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    /// <summary>Every line the server wrote so far, stdout and stderr.</summary>
    public IReadOnlyCollection<string> Output => output;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The server's process id, e.g. to read its resident memory from /proc.</summary>
    public int ProcessId => process.Id;

    /// <summary>
    /// Starts the server and waits for /healthz. A start stopped by a signal from outside the test (the machine is
    /// shared; the start then ends in an OperationCanceledException) is tried again, twice at most.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(dataDirectory, settings);
            }
            catch (StoppedFromOutside) when (attempt < 3) { }
        }
    }

    private sealed class StoppedFromOutside(string message) : Exception(message);

    private static async Task<ServerProcess> StartOnceAsync(string dataDirectory, string[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Recordings.Web.dll"));
        foreach (var a in new[] { "--urls", $"http://127.0.0.1:{port}", "--DataDirectory", dataDirectory }.Concat(settings)) start.ArgumentList.Add(a);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) server.output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { server.errors.Enqueue(e.Data); server.output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                // A start cancelled half-way (its migrations see the host's stopping token) was stopped by a signal.
                if (server.errors.FirstOrDefault()?.Contains("Unhandled exception. System.OperationCanceledException") == true)
                    throw new StoppedFromOutside($"stopped by a signal while starting ({process.ExitCode})");
                throw new InvalidOperationException($"The server exited with {process.ExitCode} while starting: {string.Join('\n', server.errors.TakeLast(40))}");
            }
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server did not answer /healthz within 60 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
