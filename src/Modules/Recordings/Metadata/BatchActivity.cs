using System.Text.Json;
using Modules.Recordings.Data;

namespace Modules.Recordings.Metadata;

/// <summary>
/// What one batch adds to its recording's metadata, gathered while the batch is read (on the request's thread) so the
/// single writer only has to add numbers. Clicks and console warnings/errors come from behaviour events, which the
/// SDK sends in both modes; keypresses, mouse activity and console logs only exist in rrweb data (playback).
/// </summary>
internal sealed class BatchActivity
{
    private readonly List<long> activity = [];

    public long FirstMs { get; private set; } = long.MaxValue;
    public long LastMs { get; private set; } = long.MinValue;
    public int Clicks { get; private set; }
    public int Keypresses { get; private set; }
    public int MouseActivity { get; private set; }
    public int ConsoleLogs { get; private set; }
    public int ConsoleWarnings { get; private set; }
    public int ConsoleErrors { get; private set; }
    public string? StartUrl { get; private set; }
    public long StartUrlMs { get; private set; } = long.MaxValue;
    public string? DistinctId { get; private set; }
    public string? PersonPropertiesJson { get; private set; }
    public bool HasEvents => FirstMs != long.MaxValue;

    /// <summary>Timestamps of user interactions, in order.</summary>
    public IReadOnlyList<long> ActivityMs { get { activity.Sort(); return activity; } }

    public void AddBehavior(BehaviorEventRow e)
    {
        Span(e.TimestampMs);
        switch (e.Type)
        {
            case "click": Clicks++; activity.Add(e.TimestampMs); break;
            case "input": activity.Add(e.TimestampMs); break;
            case "pageview": Url(e.Url, e.TimestampMs); break;
            case "console" when e.Name == "warn": ConsoleWarnings++; break;
            case "console" when e.Name == "error": ConsoleErrors++; break;
            case "identify": DistinctId = e.Name; PersonPropertiesJson = e.PropertiesJson ?? PersonPropertiesJson; break;
        }
    }

    /// <summary>rrweb: 3 = incremental snapshot (by data.source), 4 = meta (page URL), 6 = plugin (console).</summary>
    public void AddSnapshot(int type, JsonElement e, long timestamp)
    {
        int? source = null;
        string? href = null, consoleLevel = null;
        // Only the field the event's type counts is looked up: this runs for every event of a plain JSON body.
        if (e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            if (type == 4 && data.TryGetProperty("href", out var h) && h.ValueKind == JsonValueKind.String) href = h.GetString();
            else if (type == 3 && data.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n)) source = n;
            else if (type == 6 && data.TryGetProperty("plugin", out var plugin) && plugin.ValueKind == JsonValueKind.String && plugin.ValueEquals("rrweb/console@1")
                && data.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.String)
                consoleLevel = level.GetString();
        }
        AddSnapshot(type, timestamp, source, href, consoleLevel);
    }

    /// <summary>The same from the fields already read: data.source, data.href, and the console plugin's payload.level.</summary>
    public void AddSnapshot(int type, long timestamp, int? source, string? href, string? consoleLevel)
    {
        Span(timestamp);
        if (type == 4 && href is not null) Url(href, timestamp);
        else if (type == 3 && source is { } s) Incremental(s, timestamp);
        else if (type == 6 && consoleLevel is "log" or "info" or "debug") ConsoleLogs++;
    }

    // Sources: 1 mouse move, 2 mouse interaction, 3 scroll, 5 input, 6 touch move, 12 drag.
    private void Incremental(int source, long timestamp)
    {
        switch (source)
        {
            case 1 or 2 or 6 or 12: MouseActivity++; activity.Add(timestamp); break;
            case 3: activity.Add(timestamp); break;
            case 5: Keypresses++; activity.Add(timestamp); break;
        }
    }

    private void Span(long timestamp)
    {
        FirstMs = Math.Min(FirstMs, timestamp);
        LastMs = Math.Max(LastMs, timestamp);
    }

    private void Url(string? url, long timestamp)
    {
        if (url is null || timestamp >= StartUrlMs) return;
        StartUrl = url.Length > IngestionColumnLimits.Url ? url[..IngestionColumnLimits.Url] : url;
        StartUrlMs = timestamp;
    }
}
