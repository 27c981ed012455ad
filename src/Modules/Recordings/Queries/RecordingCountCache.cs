using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Modules.Recordings.Contracts;

namespace Modules.Recordings.Queries;

/// <summary>
/// Counting a million rows costs tens of milliseconds in SQLite, more than the rest of a list request. Totals at or above
/// <see cref="Threshold"/> are therefore kept for <see cref="Lifetime"/> per environment and filter set, in a
/// size-limited <see cref="MemoryCache"/> (at most <see cref="MaxEntries"/> filter sets; when full it compacts itself, the least recently used first);
/// smaller totals are always counted exactly, so a list of a few thousand recordings never shows a stale count.
/// Writes that remove or change recordings (delete by hand or by retention, persist, viewed) drop the environment's
/// entries at once, through a change token per environment.
/// </summary>
internal sealed class RecordingCountCache(TimeProvider clock) : IDisposable
{
    public const int Threshold = 10_000;
    public const int MaxEntries = 1000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly Lock gate = new();
    private readonly Dictionary<int, CancellationTokenSource> environments = [];

    public async Task<int> CountAsync(RecordingListQuery query, Func<Task<int>> count)
    {
        // Paging and order do not change the total; a relative date (-7d) moves with every request, so times are
        // taken to the Lifetime's bucket: a cached total may then miss a boundary's last seconds, like any cached total.
        var key = query with
        {
            Limit = 0, Offset = 0, Order = RecordingOrder.StartTime, Descending = true,
            FromMs = Bucket(query.FromMs), ToMs = Bucket(query.ToMs),
        };
        var now = clock.GetUtcNow();
        // The entry's own time is checked against the server's clock (a TimeProvider); the cache's expiry only evicts.
        if (entries.TryGetValue(key, out (int Count, DateTimeOffset At) known) && now - known.At < Lifetime) return known.Count;
        var total = await count();
        if (total < Threshold)
        {
            entries.Remove(key);
            return total;
        }
        using var entry = entries.CreateEntry(key);
        entry.Value = (total, now);
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = Lifetime;
        entry.AddExpirationToken(new CancellationChangeToken(TokenOf(query.EnvironmentId)));
        return total;
    }

    private static long? Bucket(long? ms) => ms / (long)Lifetime.TotalMilliseconds;

    public void Forget(int environmentId)
    {
        CancellationTokenSource? old;
        lock (gate)
        {
            if (!environments.Remove(environmentId, out old)) return;
        }
        // Not disposed: a request may be adding an entry with its token right now (an entry added with a cancelled
        // token is gone at once), and a source without a timer holds nothing to release.
        old.Cancel();
    }

    private CancellationToken TokenOf(int environmentId)
    {
        lock (gate)
        {
            if (!environments.TryGetValue(environmentId, out var source)) environments[environmentId] = source = new CancellationTokenSource();
            return source.Token;
        }
    }

    public void Dispose()
    {
        entries.Dispose();
        lock (gate)
        {
            foreach (var source in environments.Values) source.Dispose();
            environments.Clear();
        }
    }
}
