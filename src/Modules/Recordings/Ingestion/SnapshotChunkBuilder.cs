using System.Buffers.Text;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Turns a batch's rrweb events into one hot chunk: JSONL <c>[window_id, event]</c> lines with the timestamps on the
/// server's clock, gzip-compressed once here (in the request, on many cores) so the single writer only inserts.
/// Each event is copied as the raw UTF-8 the client sent, only its timestamp's digits replaced: nothing is
/// re-serialised, which is what keeps ingestion close to the cost of merely reading the body.
/// </summary>
internal static class SnapshotChunkBuilder
{
    public static SnapshotChunkRow Build(JsonElement snapshots, string windowId, long sequence, ClockCorrection clock, BatchActivity stats)
    {
        long first = long.MaxValue, last = long.MinValue;
        var count = 0;
        var prefix = Encoding.UTF8.GetBytes("[" + JsonSerializer.Serialize(windowId) + ",");
        Span<byte> digits = stackalloc byte[24];
        using var raw = new MemoryStream(JsonMarshal.GetRawUtf8Value(snapshots).Length + 64 * snapshots.GetArrayLength());
        foreach (var e in snapshots.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) throw IngestionRejected.Invalid("Each rrweb event must be an object.", "snapshots");
            var type = SdkRequest.RequiredLong(e, "type");
            if (type is < 0 or > 7) throw IngestionRejected.Invalid($"Unknown rrweb event type {type}.", "snapshots.type");
            var clientTimestamp = SdkRequest.RequiredLong(e, "timestamp");
            var timestamp = clock.Correct(clientTimestamp, "snapshots.timestamp");
            RrwebEventShape.Of(e).Check(type);
            try
            {
                stats.AddSnapshot(windowId, (int)type, e, timestamp);
            }
            catch (InvalidOperationException)
            {
                throw IngestionRejected.Invalid("An rrweb event's text holds an unpaired UTF-16 surrogate.", "snapshots.data");
            }
            first = Math.Min(first, timestamp);
            last = Math.Max(last, timestamp);
            count++;

            var whole = JsonMarshal.GetRawUtf8Value(e);
            var old = JsonMarshal.GetRawUtf8Value(e.GetProperty("timestamp"));
            var at = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(whole), ref MemoryMarshal.GetReference(old));
            raw.Write(prefix);
            if (timestamp == clientTimestamp) raw.Write(whole);
            else
            {
                Utf8Formatter.TryFormat(timestamp, digits, out var written);
                raw.Write(whole[..at]);
                raw.Write(digits[..written]);
                raw.Write(whole[(at + old.Length)..]);
            }
            raw.Write("]\n"u8);
        }
        return new SnapshotChunkRow
        {
            WindowId = windowId,
            Sequence = sequence,
            FirstTimestampMs = first,
            LastTimestampMs = last,
            EventCount = count,
            RawByteLength = raw.Length,
            GzipData = Gzip(raw),
        };
    }

    /// <summary>
    /// A chunk from rrweb events as JSONL lines (checked by <see cref="RrwebLines"/>): <paramref name="member"/>, the
    /// gzip member the client sent them in, is the chunk as it is unless the client's clock is corrected, which
    /// rewrites the lines; without one (posthog-js's format, whose lines the server wrote) the lines are compressed
    /// here at zlib's fastest level, in the request, where a request's whole CPU is most of the cost.
    /// </summary>
    public static SnapshotChunkRow FromLines(
        ReadOnlySpan<byte> lines, ReadOnlyMemory<byte> member, string windowId, long sequence, ClockCorrection clock, BatchActivity stats,
        int maxEvents, int batchLimit)
    {
        using var rewritten = clock.KeepsTimestamps ? null : new MemoryStream(lines.Length + 64);
        var scan = RrwebLines.Read(lines, windowId, clock, stats, maxEvents, batchLimit, rewritten);
        return new SnapshotChunkRow
        {
            WindowId = windowId,
            Sequence = sequence,
            FirstTimestampMs = scan.FirstMs,
            LastTimestampMs = scan.LastMs,
            EventCount = scan.Count,
            RawByteLength = lines.Length,
            GzipData = rewritten is null && !member.IsEmpty ? member.ToArray()
                : Gzip(rewritten is null ? lines : rewritten.GetBuffer().AsSpan(0, (int)rewritten.Length), member.IsEmpty ? Fastest : Level),
        };
    }

    /// <summary>
    /// zlib level 3: a quarter smaller than "fastest" (level 1) on rrweb batches — the bytes every later stage keeps — for
    /// a little more CPU; the SDK's split body, where the client compressed the lines, needs none of it.
    /// </summary>
    private static readonly ZLibCompressionOptions Level = new() { CompressionLevel = 3 };

    private static readonly ZLibCompressionOptions Fastest = new() { CompressionLevel = 1 };

    public static byte[] Gzip(MemoryStream raw) => Gzip(raw.GetBuffer().AsSpan(0, (int)raw.Length), Level);

    private static byte[] Gzip(ReadOnlySpan<byte> raw, ZLibCompressionOptions level)
    {
        using var compressed = new MemoryStream(capacity: raw.Length / 6 + 64);
        using (var gzip = new GZipStream(compressed, level, leaveOpen: true)) gzip.Write(raw);
        return compressed.ToArray();
    }
}
