using System.Collections.Concurrent;

namespace Web.Ingestion;

/// <summary>
/// posthog-js events we accept and do not keep (anything but page views, page leaves, clicks, exceptions and
/// identify/$set), counted by name since the server started, for the Storage page: what a site sends that is lost here.
/// </summary>
public sealed class PosthogDroppedEvents
{
    private readonly ConcurrentDictionary<string, long> byName = new();

    internal void Add(string name) => byName.AddOrUpdate(name.Length > 100 ? name[..100] : name, 1, (_, n) => n + 1);

    public long Total => byName.Values.Sum();

    /// <summary>The most frequent names first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Top(int count) =>
        [.. byName.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count)];
}
