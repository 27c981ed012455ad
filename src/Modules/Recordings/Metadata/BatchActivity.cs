using System.Text.Json;
using Modules.Recordings.Data;

namespace Modules.Recordings.Metadata;

/// <summary>
/// What one batch (of one window) adds to its recording's metadata, gathered while the batch is read (on the request's
/// thread) so the single writer only has to add numbers. Things both sources can report (page views, clicks, inputs,
/// console warnings and errors) are counted per source and combined by <see cref="WindowTally"/>; mouse activity and
/// console logs only exist in rrweb data. The rrweb page loads, clicks and console warnings/errors are also kept as
/// <see cref="ReplayEventRow"/>s for summaries and error clusters.
/// </summary>
internal sealed class BatchActivity
{
    private const int Kinds = 5;
    private readonly List<long> activity = [];
    private readonly int[] behavior = new int[Kinds];
    private readonly int[] rrweb = new int[Kinds];

    public long FirstMs { get; private set; } = long.MaxValue;
    public long LastMs { get; private set; } = long.MinValue;
    public int MouseActivity { get; private set; }
    public int ConsoleLogs { get; private set; }
    public string? StartUrl { get; private set; }
    public long StartUrlMs { get; private set; } = long.MaxValue;
    public string? DistinctId { get; private set; }
    public string? PersonPropertiesJson { get; private set; }
    public List<ReplayEventRow> ReplayEvents { get; } = [];
    public bool HasEvents => FirstMs != long.MaxValue;
    public ReadOnlySpan<int> BehaviorCounts => behavior;
    public ReadOnlySpan<int> RrwebCounts => rrweb;

    /// <summary>Timestamps of user interactions, in order.</summary>
    public IReadOnlyList<long> ActivityMs { get { activity.Sort(); return activity; } }

    public void AddBehavior(BehaviorEventRow e)
    {
        Span(e.TimestampMs);
        switch (e.Type)
        {
            case "click": behavior[(int)CountedKind.Clicks]++; activity.Add(e.TimestampMs); break;
            case "input": behavior[(int)CountedKind.Inputs]++; activity.Add(e.TimestampMs); break;
            case "pageview": behavior[(int)CountedKind.PageViews]++; Url(e.Url, e.TimestampMs); break;
            case "console" when e.Name == "warn": behavior[(int)CountedKind.Warnings]++; break;
            case "console" when e.Name == "error": behavior[(int)CountedKind.Errors]++; break;
            case "error": behavior[(int)CountedKind.Errors]++; break;
            case "identify":
                PersonPropertiesJson = PersonProperties.After(DistinctId, PersonPropertiesJson, e.Name, e.PropertiesJson);
                DistinctId = e.Name;
                break;
        }
    }

    /// <summary>An rrweb event of a plain JSON body: only the fields its type counts are looked up.</summary>
    public void AddSnapshot(string windowId, int type, JsonElement e, long timestamp) =>
        AddSnapshot(windowId, timestamp, RrwebFacts.Of(type, e));

    /// <summary>rrweb: 3 = incremental snapshot (by data.source), 4 = meta (page URL), 6 = plugin (console).</summary>
    public void AddSnapshot(string windowId, long timestamp, scoped in RrwebFacts f)
    {
        Span(timestamp);
        switch (f.Type)
        {
            case 4 when f.Href is not null:
                Url(f.Href, timestamp);
                rrweb[(int)CountedKind.PageViews]++;
                Replay(windowId, timestamp, "pageview", null, Cut(f.Href, IngestionColumnLimits.Url), null, null);
                break;
            case 3 when f.Source is { } source:
                Incremental(windowId, source, f.InteractionType, f.NodeId, timestamp);
                break;
            case 6 when f.ConsoleLevel is "log" or "info" or "debug":
                ConsoleLogs++;
                break;
            case 6 when f.ConsoleLevel is "warn" or "error":
                var message = f.ConsoleMessage();
                // The console plugin reports uncaught exceptions and rejections as errors whose message says so.
                var uncaught = f.ConsoleLevel == "error" && message.StartsWith("Uncaught", StringComparison.Ordinal);
                rrweb[(int)(f.ConsoleLevel == "warn" ? CountedKind.Warnings : CountedKind.Errors)]++;
                Replay(windowId, timestamp, uncaught ? "error" : "console",
                    uncaught ? Cut(message, 200) : f.ConsoleLevel, null, uncaught ? null : Cut(message, IngestionColumnLimits.Text), f.StackJson());
                break;
        }
    }

    // Sources: 1 mouse move, 2 mouse interaction (data.type 2 = click), 3 scroll, 5 input, 6 touch move, 12 drag.
    private void Incremental(string windowId, int source, int? interaction, long? node, long timestamp)
    {
        switch (source)
        {
            case 1 or 6 or 12: MouseActivity++; activity.Add(timestamp); break;
            case 2:
                MouseActivity++;
                activity.Add(timestamp);
                // A double click is two clicks and a dblclick, as in the DOM: the clicks count, the dblclick not again.
                if (interaction == 2)
                {
                    rrweb[(int)CountedKind.Clicks]++;
                    Replay(windowId, timestamp, "click", null, null, null, null, node is null ? null : $"rrweb node {node}");
                }
                break;
            case 3: activity.Add(timestamp); break;
            case 5: rrweb[(int)CountedKind.Inputs]++; activity.Add(timestamp); break;
        }
    }

    /// <summary>Moves everything this batch gathered by <paramref name="deltaMs"/> (its session's clock offset changed).</summary>
    public void Shift(long deltaMs)
    {
        if (HasEvents) (FirstMs, LastMs) = (FirstMs + deltaMs, LastMs + deltaMs);
        if (StartUrl is not null) StartUrlMs += deltaMs;
        for (var i = 0; i < activity.Count; i++) activity[i] += deltaMs;
        foreach (var e in ReplayEvents) e.TimestampMs += deltaMs;
    }

    private void Replay(string windowId, long timestamp, string type, string? name, string? url, string? text, string? properties, string? selector = null) =>
        ReplayEvents.Add(new ReplayEventRow
        {
            WindowId = windowId, TimestampMs = timestamp, Type = type, Name = name, Url = url, Selector = selector, Text = text, PropertiesJson = properties,
        });

    private void Span(long timestamp)
    {
        FirstMs = Math.Min(FirstMs, timestamp);
        LastMs = Math.Max(LastMs, timestamp);
    }

    private void Url(string? url, long timestamp)
    {
        if (url is null || timestamp >= StartUrlMs) return;
        StartUrl = Cut(url, IngestionColumnLimits.Url);
        StartUrlMs = timestamp;
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
