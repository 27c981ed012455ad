using System.Collections.Concurrent;
using Modules.Recordings.Contracts;

namespace Modules.Recordings.Queries;

/// <summary>
/// Counting a million rows costs tens of milliseconds in SQLite, more than the rest of a list request. Totals at or above
/// <see cref="Threshold"/> are therefore kept for <see cref="Lifetime"/> per environment and filter set; smaller
/// totals are always counted exactly, so a list of a few thousand recordings never shows a stale count. Writes
/// that remove or change recordings (delete by hand or by retention, persist, viewed) drop the environment's entries at once.
/// </summary>
internal sealed class RecordingCountCache(TimeProvider clock)
{
    public const int Threshold = 10_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<RecordingListQuery, (int Count, DateTimeOffset At)> entries = new();

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
        if (entries.TryGetValue(key, out var known) && now - known.At < Lifetime) return known.Count;
        var total = await count();
        // Keys are few in practice (one per filter set someone lists); a flood of distinct filters only empties the cache.
        if (entries.Count > 1000) entries.Clear();
        if (total >= Threshold) entries[key] = (total, now);
        else entries.TryRemove(key, out _);
        return total;
    }

    private static long? Bucket(long? ms) => ms / (long)Lifetime.TotalMilliseconds;

    public void Forget(int environmentId)
    {
        foreach (var key in entries.Keys.Where(k => k.EnvironmentId == environmentId)) entries.TryRemove(key, out _);
    }
}
