using Microsoft.Extensions.Options;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Snapshots;

/// <summary>
/// Cold segments as browsers need them: the lines compressed again as one gzip member (browsers decode only the first
/// member of a gzip answer). That costs a decompression and a compression of the whole segment, so the result is kept,
/// least recently used out first, within <c>Storage:BrowserCacheBytes</c>. A segment never changes once written and its
/// blob key is never reused, so an entry cannot go stale. It is only handed out after the reader has found the
/// segment's index row, so a deleted recording is never served from here; deleting one also drops its entries.
/// </summary>
internal sealed class OneMemberCache(IOptions<StorageOptions> options)
{
    private readonly long capacity = options.Value.BrowserCacheBytes;
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<(string BlobKey, byte[] Bytes)>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string BlobKey, byte[] Bytes)> recency = new();
    private long bytes;

    public byte[]? Get(string blobKey)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(blobKey, out var node)) return null;
            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value.Bytes;
        }
    }

    /// <summary>Keeps the segment's one-member form; one larger than a quarter of the capacity is not kept.</summary>
    public void Add(string blobKey, byte[] oneMember)
    {
        if (oneMember.Length > capacity / 4) return;
        lock (gate)
        {
            Drop(blobKey);
            entries[blobKey] = recency.AddFirst((blobKey, oneMember));
            bytes += oneMember.Length;
            while (bytes > capacity && recency.Last is { } oldest) Drop(oldest.Value.BlobKey);
        }
    }

    public void Remove(IEnumerable<string> blobKeys)
    {
        lock (gate)
            foreach (var key in blobKeys) Drop(key);
    }

    private void Drop(string blobKey)
    {
        if (!entries.Remove(blobKey, out var node)) return;
        recency.Remove(node);
        bytes -= node.Value.Bytes.Length;
    }
}
