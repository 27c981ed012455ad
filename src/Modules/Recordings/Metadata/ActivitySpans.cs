namespace Modules.Recordings.Metadata;

/// <summary>
/// A session's active time as a set of spans over all its windows: interactions (of any tab) less than
/// <see cref="RecordingMetadata.ActiveGapMs"/> apart belong to one span, and the active time is the spans' total
/// length. The spans of a set of interactions do not depend on the order the interactions arrive in: merging the
/// spans of a new batch into the stored ones (joining any two that overlap or lie at most the gap apart) gives the
/// same spans as if every interaction had come at once. Stored as varints of (start − previous end, length).
/// </summary>
internal static class ActivitySpans
{
    public readonly record struct Span(long StartMs, long EndMs);

    /// <summary>The spans of interactions given in time order.</summary>
    public static List<Span> Of(IReadOnlyList<long> sortedMs)
    {
        var spans = new List<Span>();
        foreach (var t in sortedMs)
            if (spans.Count > 0 && t - spans[^1].EndMs <= RecordingMetadata.ActiveGapMs) spans[^1] = spans[^1] with { EndMs = Math.Max(spans[^1].EndMs, t) };
            else spans.Add(new Span(t, t));
        return spans;
    }

    /// <summary>Both span sets as one (each in time order, not overlapping).</summary>
    public static List<Span> Merge(List<Span> a, List<Span> b)
    {
        var merged = new List<Span>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var next = j == b.Count || (i < a.Count && a[i].StartMs <= b[j].StartMs) ? a[i++] : b[j++];
            if (merged.Count > 0 && next.StartMs - merged[^1].EndMs <= RecordingMetadata.ActiveGapMs)
                merged[^1] = merged[^1] with { EndMs = Math.Max(merged[^1].EndMs, next.EndMs) };
            else merged.Add(next);
        }
        return merged;
    }

    public static long TotalMs(List<Span> spans) => spans.Sum(s => s.EndMs - s.StartMs);

    public static byte[] Encode(List<Span> spans)
    {
        using var output = new MemoryStream(spans.Count * 6);
        using var writer = new BinaryWriter(output);
        long previous = 0;
        foreach (var s in spans)
        {
            writer.Write7BitEncodedInt64(s.StartMs - previous);
            writer.Write7BitEncodedInt64(s.EndMs - s.StartMs);
            previous = s.EndMs;
        }
        writer.Flush();
        return output.ToArray();
    }

    public static List<Span> Decode(byte[]? data)
    {
        var spans = new List<Span>();
        if (data is null) return spans;
        using var reader = new BinaryReader(new MemoryStream(data));
        long previous = 0;
        while (reader.BaseStream.Position < data.Length)
        {
            var start = previous + reader.Read7BitEncodedInt64();
            var end = start + reader.Read7BitEncodedInt64();
            spans.Add(new Span(start, end));
            previous = end;
        }
        return spans;
    }
}
