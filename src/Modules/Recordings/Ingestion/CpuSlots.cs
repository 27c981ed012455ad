namespace Modules.Recordings.Ingestion;

/// <summary>
/// Lets only as many requests inflate, parse and compress at once as there are cores. More would not go faster; they
/// would hold more bodies in memory and starve the single writer, whose commits are what acknowledge batches.
/// </summary>
internal sealed class CpuSlots
{
    private readonly SemaphoreSlim slots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        await slots.WaitAsync(ct);
        try
        {
            return work();
        }
        finally
        {
            slots.Release();
        }
    }
}
