using System.Diagnostics;

namespace Recordings.Tests.Support;

/// <summary>
/// Runs a shell command once the test host is gone, however it ends: the host is often stopped before its exit
/// handlers run, which left each run's PostgreSQL running and its temporary directories (about 600 MB) behind. The
/// watchdog is a shell in a session of its own that holds none of the host's output.
/// </summary>
public static class ProcessWatchdog
{
    public static void WhenGone(string command)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "bash", "-c", $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; {command}" })
            info.ArgumentList.Add(a);
        Process.Start(info)!.Dispose();
    }
}
