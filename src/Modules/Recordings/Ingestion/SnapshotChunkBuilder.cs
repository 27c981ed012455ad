using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Turns a batch's rrweb events into one hot chunk: JSONL <c>[window_id, event]</c> lines with the timestamps on the
/// server's clock, gzip-compressed once here (in the request, on many cores) so the single writer only inserts.
/// The events' bodies are copied as raw UTF-8, never re-serialised.
/// </summary>
internal static class SnapshotChunkBuilder
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public static SnapshotChunkRow Build(JsonElement snapshots, string windowId, long sequence, ClockCorrection clock, BatchActivity stats)
    {
        long first = long.MaxValue, last = long.MinValue;
        var count = 0;
        using var raw = new MemoryStream();
        using (var writer = new Utf8JsonWriter(raw, new JsonWriterOptions { SkipValidation = true }))
        {
            foreach (var e in snapshots.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) throw IngestionRejected.Invalid("Each rrweb event must be an object.", "snapshots");
                var type = SdkRequest.RequiredLong(e, "type");
                if (type is < 0 or > 7) throw IngestionRejected.Invalid($"Unknown rrweb event type {type}.", "snapshots.type");
                var timestamp = clock.Correct(SdkRequest.RequiredLong(e, "timestamp"), "snapshots.timestamp");
                stats.AddSnapshot((int)type, e, timestamp);
                first = Math.Min(first, timestamp);
                last = Math.Max(last, timestamp);
                count++;
                writer.WriteStartArray();
                writer.WriteStringValue(windowId);
                writer.WriteStartObject();
                foreach (var property in e.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (property.NameEquals("timestamp")) writer.WriteNumberValue(timestamp);
                    else writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
                }
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.Flush();
                raw.Write(Newline);
                writer.Reset();
            }
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
