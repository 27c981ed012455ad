using Modules.Recordings.Data;

namespace Modules.Recordings.Metadata;

/// <summary>
/// The read side of <see cref="WindowTally"/>'s rule, so summaries, similar sessions and error clusters show what
/// the counts count: per window and kind, the events of the source that has more of them (the behaviour events on a
/// tie, as they say more: selector and text of a click, title of a page). Events of other types (page leave, custom,
/// identify) are always the behaviour events.
/// </summary>
internal static class CountedEvents
{
    public static CountedKind? KindOf(string type, string? name) => type switch
    {
        "pageview" => CountedKind.PageViews,
        "click" => CountedKind.Clicks,
        "input" => CountedKind.Inputs,
        "error" => CountedKind.Errors,
        "console" when name == "error" => CountedKind.Errors,
        "console" when name == "warn" => CountedKind.Warnings,
        _ => null,
    };

    /// <summary>Both sources' events as one list in time order, each thing once.</summary>
    public static List<BehaviorEventRow> Select(IReadOnlyList<BehaviorEventRow> behavior, IReadOnlyList<ReplayEventRow> replay)
    {
        if (replay.Count == 0) return behavior as List<BehaviorEventRow> ?? [.. behavior];
        var counts = new Dictionary<(string Window, CountedKind Kind), (int Behavior, int Rrweb)>();
        void Count(string window, CountedKind kind, int behaviorEvents, int rrwebEvents)
        {
            var c = counts.GetValueOrDefault((window, kind));
            counts[(window, kind)] = (c.Behavior + behaviorEvents, c.Rrweb + rrwebEvents);
        }
        foreach (var e in behavior)
            if (KindOf(e.Type, e.Name) is { } kind) Count(e.WindowId, kind, 1, 0);
        foreach (var e in replay)
            if (KindOf(e.Type, e.Name) is { } kind) Count(e.WindowId, kind, 0, 1);
        bool UsesRrweb(string window, CountedKind kind) => counts.TryGetValue((window, kind), out var c) && c.Rrweb > c.Behavior;

        var selected = behavior.Where(e => KindOf(e.Type, e.Name) is not { } kind || !UsesRrweb(e.WindowId, kind)).ToList();
        selected.AddRange(replay.Where(e => KindOf(e.Type, e.Name) is { } kind && UsesRrweb(e.WindowId, kind)).Select(AsBehavior));
        // Stable: at equal times the behaviour events (already in order) come first.
        return [.. selected.OrderBy(e => e.TimestampMs)];
    }

    private static BehaviorEventRow AsBehavior(ReplayEventRow e) => new()
    {
        // Negative: a sequence of their own beside the behaviour events' ids.
        Id = -e.Id, RecordingId = e.RecordingId, WindowId = e.WindowId, TimestampMs = e.TimestampMs, Type = e.Type,
        Name = e.Name, Url = e.Url, Selector = e.Selector, Text = e.Text, PropertiesJson = e.PropertiesJson,
    };
}
