using System.Runtime;

namespace Web.Hosting;

/// <summary>
/// Start-up (configuration, the modules' EF Core models, migrations, Razor's page descriptors, Hangfire's storage) leaves
/// megabytes of garbage on the managed heap, and an idle server allocates too little for a collection ever to come and
/// return it: about 11 MB of 17 MB committed was start-up garbage (README, "Memory"). Once the host has started, one
/// compacting collection that gives freed memory back to the system (<see cref="GCCollectionMode.Aggressive"/>)
/// returns it. It runs once, a few seconds after the start, on the thread pool; it delays no request
/// beyond the few milliseconds a collection of a small heap takes.
/// </summary>
internal static class StartupGarbage
{
    // Hangfire's server announces itself and runs its first rounds just after the host has started: collected right at
    // the start, the idle server kept about 3 MB more (README, "Memory").
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    public static void CollectOnceStarted(IHostApplicationLifetime lifetime) =>
        lifetime.ApplicationStarted.Register(() => _ = CollectAsync(lifetime.ApplicationStopping));

    private static async Task CollectAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(SettleTime, stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
