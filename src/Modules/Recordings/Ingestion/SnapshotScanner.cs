using System.Text.Json;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// One forward-only <see cref="Utf8JsonReader"/> pass over the whole body. It validates the JSON syntax of every byte
/// and, for the rrweb events of <c>snapshots</c> (almost all of a batch's bytes), notes only what ingestion needs:
/// where each event lies, its type, its timestamp and where that timestamp's digits are, and the few <c>data</c>
/// fields the recording's metadata counts. Building a <see cref="JsonDocument"/> of those bytes cost more than twice
/// this pass (measured in docs/benchmarks.md). The rest of the body (ids, behaviour events) is small and keeps its
/// <see cref="JsonDocument"/> path: it is handed back as an envelope, the body with the snapshots array replaced by [].
/// Nothing is judged here beyond syntax: the caller validates the noted facts in the same order as before.
/// </summary>
internal static class SnapshotScanner
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = SdkRequest.DocumentOptions.MaxDepth };

    public static (ReadOnlyMemory<byte> Envelope, List<ScannedEvent> Snapshots) Scan(ReadOnlyMemory<byte> body)
    {
        var snapshots = new List<ScannedEvent>();
        int start = -1, end = -1;
        try
        {
            var reader = new Utf8JsonReader(body.Span, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return (body, snapshots);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSnapshots = reader.ValueTextEquals("snapshots"u8);
                reader.Read();
                if (!isSnapshots) { reader.Skip(); continue; }
                // A repeated property: the last one wins, as with JsonDocument.TryGetProperty.
                snapshots.Clear();
                start = end = -1;
                if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); continue; }
                start = (int)reader.TokenStartIndex;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) snapshots.Add(Event(ref reader));
                end = (int)reader.BytesConsumed;
            }
            // Whatever follows the root (garbage, a second value) must still be refused as invalid JSON.
            while (reader.Read()) { }
        }
        catch (JsonException)
        {
            throw new IngestionRejected(400, "invalid_json", "The body is not valid JSON.");
        }
        if (start < 0) return (body, snapshots);
        var envelope = new byte[body.Length - (end - start) + 2];
        body.Span[..start].CopyTo(envelope);
        "[]"u8.CopyTo(envelope.AsSpan(start));
        body.Span[end..].CopyTo(envelope.AsSpan(start + 2));
        return (envelope, snapshots);
    }

    private static ScannedEvent Event(ref Utf8JsonReader reader)
    {
        var e = new ScannedEvent { Start = (int)reader.TokenStartIndex, IsObject = reader.TokenType == JsonTokenType.StartObject };
        if (!e.IsObject)
        {
            reader.Skip();
            e.End = (int)reader.BytesConsumed;
            return e;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); e.Type = Integer(ref reader); }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                e.Timestamp = Integer(ref reader);
                e.TimestampAt = (int)reader.TokenStartIndex;
                e.TimestampLength = reader.TokenType == JsonTokenType.Number ? reader.ValueSpan.Length : 0;
            }
            else if (reader.ValueTextEquals("data"u8)) { reader.Read(); Data(ref reader, ref e); }
            else { reader.Read(); reader.Skip(); }
        }
        e.End = (int)reader.BytesConsumed;
        return e;
    }

    /// <summary>An integer as <see cref="SdkRequest.RequiredLong"/> accepts it; null for anything else.</summary>
    private static long? Integer(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) return n;
        reader.Skip();
        return null;
    }

    private static void Data(ref Utf8JsonReader reader, ref ScannedEvent e)
    {
        e.DataIsObject = reader.TokenType == JsonTokenType.StartObject;
        e.Href = null; e.Source = null; e.IsConsolePlugin = false; e.ConsoleLevelIsLog = false;
        if (!e.DataIsObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("href"u8))
            {
                reader.Read();
                e.Href = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("source"u8))
            {
                reader.Read();
                e.Source = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var s) ? s : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("plugin"u8))
            {
                reader.Read();
                e.IsConsolePlugin = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("rrweb/console@1"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("payload"u8)) { reader.Read(); Payload(ref reader, ref e); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static void Payload(ref Utf8JsonReader reader, ref ScannedEvent e)
    {
        e.ConsoleLevelIsLog = false;
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isLevel = reader.ValueTextEquals("level"u8);
            reader.Read();
            if (isLevel)
                e.ConsoleLevelIsLog = reader.TokenType == JsonTokenType.String
                    && (reader.ValueTextEquals("log"u8) || reader.ValueTextEquals("info"u8) || reader.ValueTextEquals("debug"u8));
            reader.Skip();
        }
    }
}

/// <summary>What <see cref="SnapshotScanner"/> noted about one rrweb event: byte offsets into the body, and facts.</summary>
internal struct ScannedEvent
{
    public int Start, End, TimestampAt, TimestampLength;
    public bool IsObject, DataIsObject, IsConsolePlugin, ConsoleLevelIsLog;
    public long? Type, Timestamp;
    public int? Source;
    public string? Href;
}
