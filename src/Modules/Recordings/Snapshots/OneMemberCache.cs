using Microsoft.Extensions.Options;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Snapshots;

/// <summary>
/// Snapshot answers as every gzip client gets them: the lines compressed again as one gzip member (browsers, curl and
/// most HTTP libraries decode only the first member of a gzip answer). That costs a decompression and a compression
/// of the whole answer, so the result is kept, least recently used out first, within <c>Storage:BrowserCacheBytes</c>.
/// A key names the exact bytes an entry was made from, so an entry cannot go stale: the blob keys of its cold segments
/// (a segment never changes and its key is never reused) and the checksum of the hot part's stored members. The reader looks an entry up only after it has found the
/// recording (and, for a segment, its index row), so a deleted recording is never served from here; deleting one also
/// drops its entries.
/// </summary>
internal sealed class OneMemberCache(IOptions<StorageOptions> options)
{
    private readonly long capacity = options.Value.BrowserCacheBytes;
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Bytes)>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, byte[] Bytes)> recency = new();
    private long bytes;

    /// <summary>The key of a recording's source, <paramref name="name"/> naming the exact bytes it is made from.</summary>
    public static string Key(long recordingId, string name) => $"{recordingId}/{name}";

    public byte[]? Get(string key)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var node)) return null;
            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value.Bytes;
        }
    }

    /// <summary>Keeps a source's one-member form; one larger than a quarter of the capacity is not kept.</summary>
    public void Add(string key, byte[] oneMember)
    {
        if (oneMember.Length > capacity / 4) return;
        lock (gate)
        {
            Drop(key);
            entries[key] = recency.AddFirst((key, oneMember));
            bytes += oneMember.Length;
            while (bytes > capacity && recency.Last is { } oldest) Drop(oldest.Value.Key);
        }
    }

    /// <summary>Drops every entry of these recordings.</summary>
    public void Remove(IReadOnlyCollection<long> recordingIds)
    {
        var prefixes = recordingIds.Select(id => Key(id, "")).ToList();
        lock (gate)
            foreach (var key in entries.Keys.Where(k => prefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
                Drop(key);
    }

    private void Drop(string key)
    {
        if (!entries.Remove(key, out var node)) return;
        recency.Remove(node);
        bytes -= node.Value.Bytes.Length;
    }
}
