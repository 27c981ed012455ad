using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Modules.Recordings.Storage;

/// <summary>
/// The fault tests' hook (<c>Storage:CrashAfterStep=N</c>): the process kills itself with SIGKILL right after the Nth
/// step of the storage lifecycle, so every step boundary of a move or a deletion can be crashed at. Off by default.
/// </summary>
internal sealed class CrashPoints(IOptions<StorageOptions> options)
{
    private readonly int crashAfter = options.Value.CrashAfterStep;
    private int steps;

    public void Reached(string step)
    {
        if (crashAfter <= 0 || Interlocked.Increment(ref steps) != crashAfter) return;
        Console.Error.WriteLine($"crash-point: killing the process after step {crashAfter} ({step})");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
