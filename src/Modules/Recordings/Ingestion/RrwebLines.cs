using Modules.Recordings.Contracts;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Checks rrweb events sent as the hot chunk's own format — JSONL <c>["window_id", event]</c> lines, each ended by one
/// newline — in one forward-only pass, gathering the metadata on the way, without building a document. Lines that pass
/// can be stored byte for byte (what lets ingestion keep the client's gzip member as the chunk); when the client's
/// clock needs correcting, the same pass writes the lines again with only the timestamp digits replaced.
/// </summary>
internal static class RrwebLines
{
    private static readonly JsonReaderOptions Options = new() { AllowMultipleValues = true, MaxDepth = 1000 };

    public readonly record struct Scan(int Count, long FirstMs, long LastMs);

    /// <param name="maxEvents">How many events these lines may hold: what the batch's limit leaves after its other events.</param>
    /// <param name="batchLimit">The batch's limit, which a refusal names.</param>
    /// <param name="rewritten">Receives the lines with corrected timestamps; null when the clock needs no correction.</param>
    public static Scan Read(ReadOnlySpan<byte> lines, string windowId, ClockCorrection clock, BatchActivity stats, int maxEvents, int batchLimit, Stream? rewritten)
    {
        var window = Encoding.UTF8.GetBytes(windowId);
        var reader = new Utf8JsonReader(lines, Options);
        int count = 0, lineStart = 0;
        long first = long.MaxValue, last = long.MinValue;
        Span<byte> digits = stackalloc byte[24];
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.StartArray || start != lineStart)
                    throw Invalid("Each line must be one [window_id, event] array.");
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(window))
                    throw Invalid("Each line's window id must be the batch's window_id.");
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Invalid("Each rrweb event must be an object.");
                var e = Event.Read(ref reader, lines);
                if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) throw Invalid("Each line must be one [window_id, event] array.");
                var end = (int)reader.BytesConsumed;
                // One event per line, so readers of chunks may split them on newlines.
                if (end >= lines.Length || lines[end] != (byte)'\n' || lines[start..end].Contains((byte)'\n'))
                    throw Invalid("Each [window_id, event] array must be on a line of its own, ended by a newline.");
                if (++count > maxEvents) throw IngestionRejected.TooManyEvents(batchLimit);

                if (e.Type is not { } type) throw Invalid("type must be an integer.", "type");
                if (type is < 0 or > 7) throw Invalid($"Unknown rrweb event type {type}.", "snapshots.type");
                e.Shape.Check(type);
                if (e.Timestamp is not { } clientTimestamp) throw Invalid("timestamp must be an integer.", "timestamp");
                var timestamp = clock.Correct(clientTimestamp, "snapshots.timestamp");
                stats.AddSnapshot(windowId, timestamp, new RrwebFacts
                {
                    Type = (int)type, Source = e.Source, InteractionType = e.Interaction, NodeId = e.Node, Href = e.Href, ConsoleLevel = e.ConsoleLevel,
                    PayloadJson = lines.Slice(e.PayloadAt, e.PayloadLength), TraceJson = lines.Slice(e.TraceAt, e.TraceLength),
                });
                first = Math.Min(first, timestamp);
                last = Math.Max(last, timestamp);
                if (rewritten is not null)
                {
                    Utf8Formatter.TryFormat(timestamp, digits, out var written);
                    rewritten.Write(lines[start..e.TimestampAt]);
                    rewritten.Write(digits[..written]);
                    rewritten.Write(lines[(e.TimestampAt + e.TimestampLength)..(end + 1)]);
                }
                lineStart = end + 1;
            }
        }
        catch (JsonException)
        {
            throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_json", "The rrweb lines are not valid JSON.");
        }
        if (lineStart != lines.Length) throw Invalid("Each [window_id, event] array must be on a line of its own, ended by a newline.");
        return new Scan(count, first, last);
    }

    private static IngestionRejected Invalid(string detail, string attr = "snapshots") => IngestionRejected.Invalid(detail, attr);

    /// <summary>What the metadata needs of one event; everything else is only checked to be JSON.</summary>
    private struct Event
    {
        public long? Type;
        public long? Timestamp;
        public int TimestampAt;
        public int TimestampLength;
        public int? Source;
        public int? Interaction;
        public long? Node;
        public string? Href;
        public int PayloadAt, PayloadLength, TraceAt, TraceLength;
        public string? ConsoleLevel;
        public RrwebEventShape Shape;

        public static Event Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> lines)
        {
            var e = new Event();
            bool consolePlugin = false;
            string? level = null;
            Span<(int Start, int Length)> keys = stackalloc (int, int)[TopLevelKeys.Tracked];
            int keyCount = 0, knownKeys = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                TopLevelKeys.Add(keys, ref keyCount, ref knownKeys, ref reader, lines);
                if (reader.ValueTextEquals("type"u8)) e.Type = Integer(ref reader);
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    e.Timestamp = Integer(ref reader);
                    e.TimestampAt = (int)reader.TokenStartIndex;
                    e.TimestampLength = reader.ValueSpan.Length;
                }
                else if (reader.ValueTextEquals("data"u8)) ReadData(ref reader, ref e, ref consolePlugin, ref level);
                else Skip(ref reader);
            }
            e.ConsoleLevel = consolePlugin ? level : null;
            return e;
        }

        private static void ReadData(ref Utf8JsonReader reader, ref Event e, ref bool consolePlugin, ref string? level)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
            e.Shape.DataIsObject = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("source"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var source)) e.Source = source;
                    else reader.Skip();
                }
                else if (reader.ValueTextEquals("type"u8)) e.Interaction = (int?)Integer(ref reader);
                else if (reader.ValueTextEquals("id"u8)) e.Node = Integer(ref reader);
                else if (reader.ValueTextEquals("href"u8)) e.Shape.HasHref = (e.Href = String(ref reader)) is not null;
                else if (reader.ValueTextEquals("plugin"u8))
                    e.Shape.ConsolePlugin = consolePlugin = String(ref reader) == RrwebEventShape.ConsolePluginName;
                else if (reader.ValueTextEquals("node"u8))
                {
                    reader.Read();
                    e.Shape.HasNode = reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("payload"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); continue; }
                    bool hasLevel = false, hasArguments = false;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        if (reader.ValueTextEquals("level"u8)) hasLevel = (level = String(ref reader)) is not null;
                        else if (reader.ValueTextEquals("payload"u8))
                        {
                            (e.PayloadAt, e.PayloadLength) = Raw(ref reader);
                            hasArguments = e.PayloadLength > 0;
                        }
                        else if (reader.ValueTextEquals("trace"u8)) (e.TraceAt, e.TraceLength) = Raw(ref reader);
                        else Skip(ref reader);
                    e.Shape.ConsolePayloadValid = hasLevel && hasArguments;
                }
                else Skip(ref reader);
            }
        }

        private static long? Integer(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)) return value;
            reader.Skip();
            return null;
        }

        private static string? String(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                try
                {
                    return reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Invalid("An rrweb event's text holds an unpaired UTF-16 surrogate.", "snapshots.data");
                }
            }
            reader.Skip();
            return null;
        }

        /// <summary>Where the property's value lies in the lines, when it is an array (read later, and only if kept).</summary>
        private static (int At, int Length) Raw(ref Utf8JsonReader reader)
        {
            reader.Read();
            var at = (int)reader.TokenStartIndex;
            var isArray = reader.TokenType == JsonTokenType.StartArray;
            reader.Skip();
            return isArray ? (at, (int)reader.BytesConsumed - at) : (0, 0);
        }

        /// <summary>Skips the value of the property the reader stands on.</summary>
        private static void Skip(ref Utf8JsonReader reader)
        {
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary>
    /// Refuses an event that names a top-level key twice: the stored bytes would keep one value and the checks here
    /// another. The keys are compared as written (type, timestamp and data also escaped differently, as the reader sees them).
    /// </summary>
    private static class TopLevelKeys
    {
        public const int Tracked = 16;

        public static void Add(
            scoped Span<(int Start, int Length)> seen, ref int count, ref int known, scoped ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> lines)
        {
            var flag = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("timestamp"u8) ? 2 : reader.ValueTextEquals("data"u8) ? 4 : 0;
            if ((known & flag) != 0) throw Duplicate();
            known |= flag;
            var name = lines.Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2);
            for (var i = 0; i < count; i++)
                if (lines.Slice(seen[i].Start, seen[i].Length).SequenceEqual(name)) throw Duplicate();
            if (count < Tracked) seen[count++] = ((int)reader.TokenStartIndex, name.Length);
        }

        private static IngestionRejected Duplicate() => Invalid("An rrweb event names a key twice.", "snapshots");
    }
}
