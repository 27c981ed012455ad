using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Web.Ingestion;

/// <summary>
/// Turns posthog-js's <c>$snapshot</c> events into our SDK's batch bodies (docs/ingestion.md), one per session and
/// window, so they travel the same ingestion pipeline. rrweb events are copied as sent, except those posthog-js
/// compressed itself (the <c>cv</c> marker: a full snapshot's <c>data</c>, a mutation's <c>texts</c>/<c>attributes</c>/
/// <c>removes</c>/<c>adds</c>, a style rule's <c>adds</c>/<c>removes</c> as gzip in a byte string), which are inflated back
/// into the plain rrweb event our player reads.
/// </summary>
internal static class PosthogSnapshots
{
    private static readonly string[] MutationFields = ["texts", "attributes", "removes", "adds"];
    private static readonly string[] StyleFields = ["adds", "removes"];

    /// <summary>Our SDK's split body (docs/ingestion.md): a gzip member with the envelope, then one with the rrweb lines.</summary>
    public sealed record Batch(string SessionId, byte[] Body, int SnapshotsOffset);

    public static List<Batch> Translate(PosthogEnvelope envelope, long maxInflatedBytes)
    {
        var groups = new Dictionary<(string Session, string Window), List<JsonElement>>();
        foreach (var e in envelope.Events)
        {
            if (PosthogEnvelope.Text(e, "event") != "$snapshot") continue;
            var p = e.GetProperty("properties");
            var session = PosthogEnvelope.Text(p, "$session_id") ?? throw PosthogEnvelope.Invalid("$session_id is required.");
            var window = PosthogEnvelope.Text(p, "$window_id") ?? throw PosthogEnvelope.Invalid("$window_id is required.");
            if (!p.TryGetProperty("$snapshot_data", out var data)) throw PosthogEnvelope.Invalid("$snapshot_data is required.");
            if (!groups.TryGetValue((session, window), out var list)) groups[(session, window)] = list = [];
            if (data.ValueKind == JsonValueKind.Array) list.AddRange(data.EnumerateArray());
            else if (data.ValueKind == JsonValueKind.Object) list.Add(data);
            else throw PosthogEnvelope.Invalid("$snapshot_data must be an rrweb event or an array of them.");
        }
        var budget = new InflateBudget(maxInflatedBytes);
        return [.. groups.Select(g => Body(envelope, g.Key.Session, g.Key.Window, g.Value, budget))];
    }

    /// <summary>
    /// The rrweb events as the hot chunk's own lines, <c>["window",event]</c> each, compressed once here (zlib's
    /// fastest level) and stored as they are when the clock needs no correction; the envelope goes before them.
    /// </summary>
    private static Batch Body(PosthogEnvelope envelope, string session, string window, List<JsonElement> events, InflateBudget budget)
    {
        var lines = new ArrayBufferWriter<byte>(64 * 1024);
        var prefix = Encoding.UTF8.GetBytes("[" + JsonSerializer.Serialize(window) + ",");
        using (var json = new Utf8JsonWriter(lines, new JsonWriterOptions { SkipValidation = true }))
            foreach (var e in events)
            {
                lines.Write(prefix);
                WriteEvent(json, e, budget);
                json.Flush();
                json.Reset(lines);
                lines.Write("]\n"u8);
            }
        var sequence = Sequence(session, window, lines.WrittenSpan);
        var head = Encoding.UTF8.GetBytes(
            "{\"token\":" + JsonSerializer.Serialize(envelope.Token) + ",\"session_id\":" + JsonSerializer.Serialize(session)
            + ",\"window_id\":" + JsonSerializer.Serialize(window) + $",\"sequence\":{sequence},\"sent_at\":{envelope.SentAtMs},\"events\":[]}}");
        using var body = new MemoryStream(lines.WrittenCount / 4 + 256);
        Gzip(body, head, CompressionLevel.Fastest);
        var offset = (int)body.Length;
        Gzip(body, lines.WrittenSpan, CompressionLevel.Fastest);
        return new Batch(session, body.ToArray(), offset);
    }

    private static void Gzip(Stream into, ReadOnlySpan<byte> data, CompressionLevel level)
    {
        using var gzip = new GZipStream(into, level, leaveOpen: true);
        gzip.Write(data);
    }

    /// <summary>
    /// posthog-js sends no sequence; the batch is named by a hash of its content instead, so a request it sends again
    /// (its retry queue, or the same data by sendBeacon) is stored once, as our SDK's retried batches are. The send
    /// time is left out: posthog-js stamps each attempt anew.
    /// </summary>
    private static long Sequence(string session, string window, ReadOnlySpan<byte> lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(session + "\n" + window + "\n"));
        hash.AppendData(lines);
        return BitConverter.ToInt64(hash.GetHashAndReset(), 0) & long.MaxValue;
    }

    private static void WriteEvent(Utf8JsonWriter json, JsonElement e, InflateBudget budget)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("cv", out _))
        {
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(e), skipInputValidation: true);
            return;
        }
        json.WriteStartObject();
        foreach (var property in e.EnumerateObject())
        {
            if (property.NameEquals("cv")) continue;
            if (!property.NameEquals("data"))
            {
                property.WriteTo(json);
                continue;
            }
            json.WritePropertyName("data");
            var data = property.Value;
            if (data.ValueKind == JsonValueKind.String)
            {
                json.WriteRawValue(Inflate(data, budget), skipInputValidation: true);
                continue;
            }
            if (data.ValueKind != JsonValueKind.Object) throw PosthogEnvelope.Invalid("A compressed event's data must be a string or an object.");
            var source = data.TryGetProperty("source", out var s) && s.TryGetInt32(out var n) ? n : -1;
            var fields = source == 0 ? MutationFields : source == 8 ? StyleFields : [];
            json.WriteStartObject();
            foreach (var field in data.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.String && fields.Contains(field.Name))
                {
                    json.WritePropertyName(field.Name);
                    json.WriteRawValue(Inflate(field.Value, budget), skipInputValidation: true);
                }
                else field.WriteTo(json);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>fflate's <c>strFromU8(gzip, true)</c>: one character per byte of the gzip member.</summary>
    private static byte[] Inflate(JsonElement value, InflateBudget budget)
    {
        var text = PosthogEnvelope.String(value, "data");
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF) throw new PosthogRejected(400, "invalid_gzip", "A compressed rrweb field is not a byte string.");
            bytes[i] = (byte)text[i];
        }
        var inflated = PosthogBody.Gunzip(bytes, budget.Remaining);
        budget.Spend(inflated.Length);
        if (!System.Text.Unicode.Utf8.IsValid(inflated)) throw new PosthogRejected(400, "invalid_json", "A compressed rrweb field is not UTF-8.");
        RequireOneValue(inflated);
        return inflated;
    }

    /// <summary>What is spliced into the batch must be exactly one JSON value, or it could reshape the batch around it.</summary>
    private static void RequireOneValue(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1000 });
        try
        {
            if (!reader.Read()) throw new JsonException("empty");
            reader.Skip();
            if (reader.Read()) throw new JsonException("more than one value");
        }
        catch (JsonException e)
        {
            throw new PosthogRejected(400, "invalid_json", $"A compressed rrweb field is not one JSON value: {e.Message}");
        }
    }

    private sealed class InflateBudget(long max)
    {
        public long Remaining { get; private set; } = max;
        public void Spend(long bytes) => Remaining -= bytes;
    }
}
