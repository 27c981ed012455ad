using Modules.Recordings.Data;

namespace Modules.Recordings.Similarity;

/// <summary>
/// What a recording is compared by: the sequence of page paths it visited (repeats of the same path in a row
/// collapsed) and its event mix (clicks, keypresses, mouse activity, page views, inputs, console logs, warnings, errors).
/// </summary>
internal sealed record SessionShape(IReadOnlyList<string> Paths, double[] Mix)
{
    public const int MaxPaths = 50;

    public static SessionShape Of(RecordingRow r, IEnumerable<string> pagePathsInOrder, int pageviews, int inputs)
    {
        var paths = new List<string>();
        foreach (var p in pagePathsInOrder)
        {
            if (paths.Count == MaxPaths) break;
            if (paths.Count == 0 || paths[^1] != p) paths.Add(p);
        }
        // log(1 + n) so that one long session is not unlike a short one merely because it has more of everything.
        double[] mix = [r.ClickCount, r.KeypressCount, r.MouseActivityCount, pageviews, inputs, r.ConsoleLogCount, r.ConsoleWarnCount, r.ConsoleErrorCount];
        for (var i = 0; i < mix.Length; i++) mix[i] = Math.Log(1 + mix[i]);
        return new SessionShape(paths, mix);
    }

    /// <summary>1 − the edit distance of the two path sequences over the longer one's length (1 when both are empty).</summary>
    public double PathSimilarity(SessionShape other)
    {
        var (a, b) = (Paths, other.Paths);
        if (a.Count == 0 && b.Count == 0) return 1;
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var j = 0; j <= b.Count; j++) previous[j] = j;
        for (var i = 1; i <= a.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Count; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return 1 - (double)previous[b.Count] / Math.Max(a.Count, b.Count);
    }

    /// <summary>Cosine similarity of the two event mixes (1 when both are empty, 0 when only one is).</summary>
    public double MixSimilarity(SessionShape other)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < Mix.Length; i++)
        {
            dot += Mix[i] * other.Mix[i];
            na += Mix[i] * Mix[i];
            nb += other.Mix[i] * other.Mix[i];
        }
        if (na == 0 && nb == 0) return 1;
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
