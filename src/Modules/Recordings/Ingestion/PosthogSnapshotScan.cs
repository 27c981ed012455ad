using System.Globalization;
using System.Text;
using System.Text.Json;
using Modules.Recordings.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Reads a request posthog-js sends to <c>/s/</c> (an array of events, <c>{api_key, batch, sent_at}</c> or one event)
/// in one forward pass and writes the rrweb events of its <c>$snapshot</c> events as the hot chunk's own lines,
/// <c>["window",event]</c> each, one buffer per session and window, for <see cref="RrwebLines"/> to check as our SDK's
/// lines are. No document is built: events are copied as the bytes they were sent, the compressed ones inflated in
/// place (<see cref="PosthogRrwebEvent"/>). Its refusals are the translation's that came before it, in the same order:
/// the body's JSON, the request's shape and token, then each <c>$snapshot</c> event's fields, then the compressed ones.
/// </summary>
internal sealed partial class PosthogSnapshotScan : IDisposable
{
    public const int MaxEvents = 5000;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 1000 };

    public sealed class Group(string sessionId, string windowId, BodyBytes lines)
    {
        public string SessionId { get; } = sessionId;
        public string WindowId { get; } = windowId;
        public BodyBytes Lines { get; } = lines;
        public byte[] Prefix { get; } = Encoding.UTF8.GetBytes("[" + JsonSerializer.Serialize(windowId) + ",");
    }

    private readonly IngestionLimits limits;
    private readonly BodyMemory memory;
    private readonly CompressedRrwebField compressed;
    private readonly PosthogRrwebEvent rrweb;
    private readonly BodyBytes scratch;
    private readonly List<(int Start, int End)> copied = [];
    private readonly Dictionary<(string, string), Group> groups = [];
    private readonly long cap;

    private int events;
    private (int Index, IngestionRejected Error)? eventError;
    private readonly List<(int Index, string Token)> tokens = [];
    private IngestionRejected? rootError, fieldError, compressedError;

    private PosthogSnapshotScan(IngestionLimits limits, BodyMemory memory)
    {
        this.limits = limits;
        this.memory = memory;
        cap = limits.MaxDecompressedBytes + 1;
        compressed = new CompressedRrwebField(limits, memory);
        // An event's copy holds what it was sent as and its inflated fields: at most the request and the inflate budget.
        rrweb = new PosthogRrwebEvent(compressed, 2 * cap);
        scratch = new BodyBytes(memory);
    }

    /// <summary>The groups in the order their first event came.</summary>
    public List<Group> Groups { get; } = [];
    public string Token { get; private set; } = "";
    public long SentAtMs { get; private set; }

    /// <param name="queryTimeMs">The request's <c>_</c> parameter: the send time on the client's clock, first choice.</param>
    public static PosthogSnapshotScan Read(ReadOnlySpan<byte> json, long? queryTimeMs, long nowMs, IngestionLimits limits, BodyMemory memory)
    {
        var scan = new PosthogSnapshotScan(limits, memory);
        try
        {
            scan.ReadRequest(json, queryTimeMs, nowMs);
            return scan;
        }
        catch
        {
            scan.Dispose();
            throw;
        }
    }

    private void ReadRequest(ReadOnlySpan<byte> json, long? queryTimeMs, long nowMs)
    {
        SdkRequest.RequireUtf8(json);
        var reader = new Utf8JsonReader(json, Options);
        Envelope envelope = default;
        try
        {
            if (!reader.Read()) throw new JsonException("The body holds no JSON value.");
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var state = new EventState();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ReadEvent(ref reader, json, state);
            }
            else if (reader.TokenType == JsonTokenType.StartObject) envelope = ReadRoot(ref reader, json);
            else
            {
                rootError = Invalid("The body must be an event, an array of events or {batch: [...]}.");
                reader.Skip();
            }
            // Anything after the one value is refused, as a JSON document would be.
            reader.Read();
        }
        catch (JsonException e)
        {
            throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_json", $"The body is not valid JSON: {e.Message}");
        }
        if (rootError is not null) throw rootError;
        if (events == 0) throw Invalid("The body holds no events.");
        if (events > MaxEvents) throw new IngestionRejected(IngestionRefusal.TooLarge, "too_many_events", $"A request may hold at most {MaxEvents} events.");
        var token = envelope.Token;
        foreach (var (index, eventToken) in tokens)
        {
            if (eventError is { } first && first.Index <= index) break;
            if (token is not null && token != eventToken)
            {
                eventError = (index, Invalid("The events of one request must share their token."));
                break;
            }
            token = eventToken;
        }
        if (eventError is { } error) throw error.Error;
        Token = token ?? throw new IngestionRejected(IngestionRefusal.Unauthenticated, "invalid_token", "No token was sent.");
        SentAtMs = queryTimeMs ?? envelope.SentAtMs ?? nowMs;
        if ((fieldError ?? compressedError) is { } refused) throw refused;
    }

    /// <summary>What <c>{api_key, batch, sent_at}</c> says of the whole request.</summary>
    private readonly record struct Envelope(string? Token, long? SentAtMs);

    private Envelope ReadRoot(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var root = new EventState();
        root.Reset(0, scratch.Length, copied.Count);
        var batch = new EventState();
        bool hasBatch = false, batchIsArray = false, hasEvent = false;
        Text token = default;
        (bool Valid, long? Ms) sentAt = (true, null);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("batch"u8))
            {
                if (hasBatch) throw Invalid("batch is named twice.");
                hasBatch = true;
                reader.Read();
                batchIsArray = reader.TokenType == JsonTokenType.StartArray;
                if (!batchIsArray) reader.Skip();
                else while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ReadEvent(ref reader, json, batch);
            }
            else if (reader.ValueTextEquals("token"u8)) token = Text.Read(ref reader);
            else if (reader.ValueTextEquals("sent_at"u8)) sentAt = Time(ref reader);
            else
            {
                hasEvent |= reader.ValueTextEquals("event"u8);
                if (!EventProperty(ref reader, json, root)) SkipValue(ref reader);
            }
        }
        if (hasBatch)
        {
            Discard(root);
            if (!batchIsArray)
            {
                rootError = Invalid("batch must be an array.");
                return default;
            }
            try
            {
                var envelopeToken = root.ApiKey.Value("api_key") ?? token.Value("token");
                if (!sentAt.Valid) throw Invalid("sent_at must be a time.");
                return new Envelope(envelopeToken, sentAt.Ms);
            }
            catch (IngestionRejected e)
            {
                rootError = e;
                return default;
            }
        }
        if (!hasEvent)
        {
            rootError = Invalid("The body must be an event, an array of events or {batch: [...]}.");
            return default;
        }
        events++;
        FinishEvent(root);
        return default;
    }

    private void ReadEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, EventState state)
    {
        state.Reset(events++, scratch.Length, copied.Count);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            NoteEventError(state.Index, Invalid("Each event must be an object."));
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            if (!EventProperty(ref reader, json, state)) SkipValue(ref reader);
        FinishEvent(state);
    }

    /// <summary>An event's own keys; false for the others, which the caller skips.</summary>
    private bool EventProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, EventState state)
    {
        if (reader.ValueTextEquals("event"u8)) state.Event = Text.Read(ref reader);
        else if (reader.ValueTextEquals("api_key"u8)) state.ApiKey = Text.Read(ref reader);
        else if (reader.ValueTextEquals("properties"u8))
        {
            // A key named twice counts by its last value, as a parsed document's lookup finds it.
            state.ClearProperties();
            Discard(state);
            reader.Read();
            state.PropertiesIsObject = reader.TokenType == JsonTokenType.StartObject;
            if (!state.PropertiesIsObject) reader.Skip();
            else ReadProperties(ref reader, json, state);
        }
        else return false;
        return true;
    }

    private void ReadProperties(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, EventState state)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("token"u8)) state.Token = Text.Read(ref reader);
            else if (reader.ValueTextEquals("$session_id"u8)) state.Session = Text.Read(ref reader);
            else if (reader.ValueTextEquals("$window_id"u8)) state.Window = Text.Read(ref reader);
            else if (reader.ValueTextEquals("$snapshot_data"u8))
            {
                Discard(state);
                state.DataError = null;
                reader.Read();
                state.Data = reader.TokenType;
                if (reader.TokenType == JsonTokenType.StartArray)
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) CopyRrwebEvent(ref reader, json, state);
                else if (reader.TokenType == JsonTokenType.StartObject) CopyRrwebEvent(ref reader, json, state);
                else reader.Skip();
            }
            else SkipValue(ref reader);
        }
    }

    private void CopyRrwebEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, EventState state)
    {
        if (state.DataError is not null || fieldError is not null || compressedError is not null)
        {
            reader.Skip();
            return;
        }
        var start = scratch.Length;
        try
        {
            rrweb.Copy(ref reader, json, scratch);
            copied.Add((start, scratch.Length));
        }
        catch (IngestionRejected e)
        {
            // Refused only if the event turns out to be a $snapshot (its name may come after its properties).
            state.DataError = e;
            scratch.Advance(start - scratch.Length);
        }
    }

    private void FinishEvent(EventState state)
    {
        try
        {
            if (!state.PropertiesIsObject)
            {
                NoteEventError(state.Index, Invalid("Each event needs properties."));
                return;
            }
            string? eventToken;
            try
            {
                eventToken = state.Token.Value("token") ?? state.ApiKey.Value("api_key");
            }
            catch (IngestionRejected e)
            {
                NoteEventError(state.Index, e);
                return;
            }
            if (eventToken is not null && (tokens.Count == 0 || tokens[^1].Token != eventToken)) tokens.Add((state.Index, eventToken));
            try
            {
                if (state.Event.Value("event") != "$snapshot") return;
                var session = state.Session.Value("$session_id") ?? throw Invalid("$session_id is required.");
                var window = state.Window.Value("$window_id") ?? throw Invalid("$window_id is required.");
                if (state.Data is null) throw Invalid("$snapshot_data is required.");
                if (state.Data is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
                    throw Invalid("$snapshot_data must be an rrweb event or an array of them.");
                if (state.DataError is not null)
                {
                    compressedError ??= state.DataError;
                    return;
                }
                if (fieldError is null && compressedError is null) Append(session, window, state);
            }
            catch (IngestionRejected e)
            {
                fieldError ??= e;
            }
        }
        finally
        {
            Discard(state);
        }
    }

    private void Append(string session, string window, EventState state)
    {
        if (!groups.TryGetValue((session, window), out var group))
        {
            groups[(session, window)] = group = new Group(session, window, new BodyBytes(memory));
            Groups.Add(group);
        }
        for (var i = state.CopiedFrom; i < copied.Count; i++)
        {
            var (start, end) = copied[i];
            compressed.Write(group.Lines, group.Prefix, cap);
            compressed.Write(group.Lines, scratch.Memory.Span[start..end], cap);
            compressed.Write(group.Lines, "]\n"u8, cap);
        }
    }

    /// <summary>Drops what the event's data left in the scratch buffer.</summary>
    private void Discard(EventState state)
    {
        if (scratch.Length > state.ScratchFrom) scratch.Advance(state.ScratchFrom - scratch.Length);
        if (copied.Count > state.CopiedFrom) copied.RemoveRange(state.CopiedFrom, copied.Count - state.CopiedFrom);
    }

    private void NoteEventError(int index, IngestionRejected error)
    {
        if (eventError is null || eventError.Value.Index > index) eventError = (index, error);
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary><c>sent_at</c>: ms since the epoch or ISO 8601; null when absent.</summary>
    private static (bool Valid, long? Ms) Time(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return (true, null);
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetInt64(out var ms) ? (true, ms) : (false, null);
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = Text.Read(ref reader, alreadyRead: true);
            return text.Kind == TextKind.String && DateTimeOffset.TryParse(text.String, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? (true, time.ToUnixTimeMilliseconds())
                : (false, null);
        }
        reader.Skip();
        return (false, null);
    }

    private static IngestionRejected Invalid(string detail) => IngestionRejected.Invalid(detail);

    public void Dispose()
    {
        scratch.Dispose();
        foreach (var group in Groups) group.Lines.Dispose();
    }
}
