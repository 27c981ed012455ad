using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modules.Recordings.Metadata;

/// <summary>
/// The things a recording counts that two sources may both report: what the tab's behaviour events say (our SDK sends
/// them in both modes; posthog-js sends page views, autocaptured clicks and exceptions) and what its rrweb data says
/// (Meta events, mouse-interaction clicks, input events, the console plugin's warnings and errors).
/// </summary>
internal enum CountedKind { PageViews, Clicks, Inputs, Warnings, Errors }

/// <summary>
/// Per window (tab), how many of each <see cref="CountedKind"/> each source reported. The de-duplication rule: within
/// one window, each source sees a subset of what happened and both see the same things where they overlap (our SDK's
/// behaviour events cover the whole visit, its rrweb data the part after playback started; posthog-js's rrweb data
/// covers everything and its events only some), so a window counts the larger of the two, and a recording the sum
/// over its windows. Sums and maxima do not depend on the order batches arrive in.
/// </summary>
internal sealed class WindowTally
{
    private static readonly int Kinds = Enum.GetValues<CountedKind>().Length;

    /// <summary>Window id → [behaviour counts..., rrweb counts...], indexed by <see cref="CountedKind"/>.</summary>
    public Dictionary<string, int[]> Windows { get; set; } = [];

    public static WindowTally Parse(string? json) =>
        json is null ? new WindowTally() : JsonSerializer.Deserialize(json, TallyJson.Default.WindowTally) ?? new WindowTally();

    public string ToJson() => JsonSerializer.Serialize(this, TallyJson.Default.WindowTally);

    /// <summary>The recording's count of a kind: per window the larger source, summed.</summary>
    public int Count(CountedKind kind) => Windows.Values.Sum(c => Math.Max(c[(int)kind], c[Kinds + (int)kind]));

    public void Add(string windowId, ReadOnlySpan<int> behavior, ReadOnlySpan<int> rrweb)
    {
        if (!Windows.TryGetValue(windowId, out var counts)) Windows[windowId] = counts = new int[2 * Kinds];
        for (var k = 0; k < Kinds; k++)
        {
            counts[k] += behavior[k];
            counts[Kinds + k] += rrweb[k];
        }
    }

    /// <summary>Which source a window's events of a kind are taken from: rrweb only when it reported more.</summary>
    public bool UsesRrweb(string windowId, CountedKind kind) =>
        Windows.TryGetValue(windowId, out var c) && c[Kinds + (int)kind] > c[(int)kind];
}

[JsonSerializable(typeof(WindowTally))]
internal sealed partial class TallyJson : JsonSerializerContext;
