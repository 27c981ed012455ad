using System.Buffers.Text;
using System.IO.Compression;
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
    public static SnapshotChunkRow Build(
        ReadOnlySpan<byte> body, List<ScannedEvent> snapshots, string windowId, long sequence, ClockCorrection clock, BatchActivity stats)
    {
        long first = long.MaxValue, last = long.MinValue;
        var count = 0;
        var prefix = Encoding.UTF8.GetBytes("[" + JsonSerializer.Serialize(windowId) + ",");
        Span<byte> digits = stackalloc byte[24];
        var size = 0;
        foreach (var e in snapshots) size += e.End - e.Start;
        using var raw = new MemoryStream(size + (prefix.Length + 8) * snapshots.Count);
        foreach (var e in snapshots)
        {
            // The same checks, in the same order, as when each event was a JsonElement.
            if (!e.IsObject) throw IngestionRejected.Invalid("Each rrweb event must be an object.", "snapshots");
            var type = e.Type ?? throw IngestionRejected.Invalid("type must be an integer.", "type");
            if (type is < 0 or > 7) throw IngestionRejected.Invalid($"Unknown rrweb event type {type}.", "snapshots.type");
            var clientTimestamp = e.Timestamp ?? throw IngestionRejected.Invalid("timestamp must be an integer.", "timestamp");
            var timestamp = clock.Correct(clientTimestamp, "snapshots.timestamp");
            stats.AddSnapshot((int)type, timestamp, e.DataIsObject, e.Href, e.Source, e.IsConsolePlugin && e.ConsoleLevelIsLog);
            first = Math.Min(first, timestamp);
            last = Math.Max(last, timestamp);
            count++;

            raw.Write(prefix);
            if (timestamp == clientTimestamp) raw.Write(body[e.Start..e.End]);
            else
            {
                Utf8Formatter.TryFormat(timestamp, digits, out var written);
                raw.Write(body[e.Start..e.TimestampAt]);
                raw.Write(digits[..written]);
                raw.Write(body[(e.TimestampAt + e.TimestampLength)..e.End]);
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

    private static byte[] Gzip(MemoryStream raw)
    {
        using var compressed = new MemoryStream(capacity: (int)(raw.Length / 6) + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(raw.GetBuffer(), 0, (int)raw.Length);
        return compressed.ToArray();
    }
}
