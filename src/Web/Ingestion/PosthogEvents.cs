using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Web.Ingestion;

/// <summary>
/// Turns posthog-js's analytics events (<c>/e/</c>) into our behaviour events, one batch per session and window:
/// <c>$pageview</c>, <c>$pageleave</c>, <c>$autocapture</c> clicks, <c>$exception</c>, <c>$identify</c>/<c>$set</c>.
/// Every other event is accepted and dropped (counted in <see cref="PosthogDroppedEvents"/>).
/// </summary>
internal static partial class PosthogEvents
{
    public sealed record Batch(string SessionId, byte[] Body, int Events);

    public static List<Batch> Translate(PosthogEnvelope envelope, PosthogDroppedEvents dropped)
    {
        var groups = new Dictionary<(string Session, string Window), List<Action<Utf8JsonWriter>>>();
        foreach (var e in envelope.Events)
        {
            var name = PosthogEnvelope.Text(e, "event") ?? throw PosthogEnvelope.Invalid("event is required.");
            var p = e.GetProperty("properties");
            var write = Converted(name, p, envelope.EventTimeMs(e));
            var session = PosthogEnvelope.Text(p, "$session_id");
            if (write is null || session is null)
            {
                dropped.Add(name);
                continue;
            }
            var window = PosthogEnvelope.Text(p, "$window_id") ?? session;
            if (!groups.TryGetValue((session, window), out var list)) groups[(session, window)] = list = [];
            list.Add(write);
        }
        return [.. groups.Select(g => new Batch(g.Key.Session, Body(envelope, g.Key.Session, g.Key.Window, g.Value), g.Value.Count))];
    }

    private static Action<Utf8JsonWriter>? Converted(string name, JsonElement p, long at)
    {
        var url = Cut(PosthogEnvelope.Text(p, "$current_url"), 2048);
        switch (name)
        {
            case "$pageview":
                var title = Cut(PosthogEnvelope.Text(p, "title") ?? PosthogEnvelope.Text(p, "$title"), 200);
                var referrer = Cut(PosthogEnvelope.Text(p, "$referrer"), 2048);
                return w => Event(w, "pageview", at, name: title, url: url, properties: x =>
                {
                    if (referrer is not null && referrer != "$direct") x.WriteString("referrer", referrer);
                    if (title is not null) x.WriteString("title", title);
                });
            case "$pageleave":
                return w => Event(w, "pageleave", at, url: url);
            case "$autocapture" when PosthogEnvelope.Text(p, "$event_type") == "click":
                var (selector, text) = Element(p);
                return w => Event(w, "click", at, url: url, selector: selector, text: text);
            case "$exception":
                var (type, message) = Exception(p);
                return w => Event(w, "error", at, name: Cut(message ?? type ?? "Error", 200), url: url,
                    properties: type is null ? null : x => x.WriteString("type", Cut(type, 200)));
            case "$identify" or "$set":
                var distinctId = Cut(PosthogEnvelope.Text(p, "distinct_id"), 200);
                if (distinctId is null) return null;
                var set = p.TryGetProperty("$set", out var s) && s.ValueKind == JsonValueKind.Object ? s : (JsonElement?)null;
                return w => Event(w, "identify", at, name: distinctId, properties: set is { } props ? x =>
                {
                    foreach (var property in props.EnumerateObject()) property.WriteTo(x);
                } : null);
            default:
                return null;
        }
    }

    private static void Event(Utf8JsonWriter w, string type, long at, string? name = null, string? url = null, string? selector = null,
        string? text = null, Action<Utf8JsonWriter>? properties = null)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteNumber("timestamp", at);
        if (name is not null) w.WriteString("name", name);
        if (url is not null) w.WriteString("url", url);
        if (selector is not null) w.WriteString("selector", selector);
        if (text is not null) w.WriteString("text", text);
        if (properties is not null)
        {
            w.WriteStartObject("properties");
            properties(w);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>The clicked element as a CSS selector and its text, from <c>$elements_chain</c> (or <c>$elements</c>).</summary>
    private static (string? Selector, string? Text) Element(JsonElement p)
    {
        var text = Cut(PosthogEnvelope.Text(p, "$el_text"), 200);
        if (PosthogEnvelope.Text(p, "$elements_chain") is { Length: > 0 } chain)
        {
            var first = chain.Split(';')[0];
            var tagAndClasses = first.Split(':')[0];
            var id = ChainId().Match(first);
            text ??= ChainText().Match(first) is { Success: true } t ? Cut(t.Groups[1].Value, 200) : null;
            return (Cut(tagAndClasses + (id.Success ? "#" + id.Groups[1].Value : ""), 1000), text);
        }
        if (p.TryGetProperty("$elements", out var elements) && elements.ValueKind == JsonValueKind.Array && elements.GetArrayLength() > 0
            && elements[0] is { ValueKind: JsonValueKind.Object } el)
        {
            var tag = PosthogEnvelope.Text(el, "tag_name") ?? "";
            var id = PosthogEnvelope.Text(el, "attr__id");
            text ??= Cut(PosthogEnvelope.Text(el, "$el_text"), 200);
            return (Cut(tag + (id is null ? "" : "#" + id), 1000), text);
        }
        return (null, text);
    }

    private static (string? Type, string? Message) Exception(JsonElement p)
    {
        if (p.TryGetProperty("$exception_list", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            && list[0] is { ValueKind: JsonValueKind.Object } first)
            return (PosthogEnvelope.Text(first, "type"), PosthogEnvelope.Text(first, "value"));
        return (PosthogEnvelope.Text(p, "$exception_type"), PosthogEnvelope.Text(p, "$exception_message"));
    }

    private static byte[] Body(PosthogEnvelope envelope, string session, string window, List<Action<Utf8JsonWriter>> events)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("token", envelope.Token);
            json.WriteString("session_id", session);
            json.WriteString("window_id", window);
            json.WriteNumber("sent_at", envelope.SentAtMs);
            // Each /e/ request is its own batch: posthog-js retries a request whole, with the same event uuids (and a
            // new send time, which is therefore not part of the name).
            json.WriteNumber("sequence", Sequence(envelope, session, window));
            json.WriteStartArray("events");
            foreach (var write in events) write(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }

    private static long Sequence(PosthogEnvelope envelope, string session, string window)
    {
        var ids = string.Join(",", envelope.Events.Select(e => e.TryGetProperty("uuid", out var u) ? u.ToString() : e.GetRawText()));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{session}|{window}|{ids}"));
        return BitConverter.ToInt64(hash, 0) & long.MaxValue;
    }

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    [GeneratedRegex("attr__id=\"([^\"]*)\"")]
    private static partial Regex ChainId();

    [GeneratedRegex("(?:^|:)text=\"([^\"]*)\"")]
    private static partial Regex ChainText();
}
