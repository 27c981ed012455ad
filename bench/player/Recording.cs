using System.IO.Compression;
using System.Text.Json.Nodes;

namespace PlayerBench;

/// <summary>
/// A single-tab recording of the given length made of the corpus' real sessions played one after another, end to end
/// as often as needed (each keeps its own Meta and full snapshot), moved in time so it ends now. The corpus is read
/// once; <see cref="Lines"/> writes each event's JSON with its timestamp in the recording, so a 6-hour recording is
/// never held in memory as objects.
/// </summary>
internal sealed class Recording
{
    private readonly List<List<JsonObject>> sessions;
    private readonly List<(int Session, long StartMs)> plays;
    private readonly long shiftMs;

    private Recording(List<List<JsonObject>> sessions, List<(int, long)> plays, long shiftMs, int count, long durationMs)
    {
        (this.sessions, this.plays, this.shiftMs, Count, DurationMs) = (sessions, plays, shiftMs, count, durationMs);
    }

    public int Count { get; }
    /// <summary>How many times the corpus is played end to end (in part, for the last time).</summary>
    public double Plays => (double)plays.Count / sessions.Count;
    /// <summary>How long one pass of the corpus lasts: the second pass starts this long after the first event.</summary>
    public long PassMs => plays.Count > sessions.Count ? plays[sessions.Count].StartMs : DurationMs;
    /// <summary>From the first event to the last.</summary>
    public long DurationMs { get; }

    public static Recording Build(string corpus, TimeSpan length)
    {
        var files = Directory.GetFiles(corpus, "session-*.jsonl.gz").Order().ToList();
        if (files.Count == 0) throw new FileNotFoundException($"No corpus in {corpus}");
        var sessions = files.Select(Read).ToList();
        var plays = new List<(int, long)>();
        long cursor = 0, last = 0;
        var count = 0;
        for (var i = 0; cursor < length.TotalMilliseconds; i++)
        {
            var session = sessions[i % sessions.Count];
            plays.Add((i % sessions.Count, cursor));
            count += session.Count;
            last = cursor + Time(session[^1]);
            cursor = last + 1000;
        }
        var shift = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2000 - last;
        return new Recording(sessions, plays, shift, count, last);
    }

    /// <summary>The events in order, each as its JSON with its timestamp in the recording.</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var (index, start) in plays)
            foreach (var e in sessions[index])
            {
                var relative = Time(e);
                e["timestamp"] = shiftMs + start + relative;
                var json = e.ToJsonString();
                e["timestamp"] = relative;
                yield return json;
            }
    }

    private static long Time(JsonObject e) => e["timestamp"]!.GetValue<long>();

    /// <summary>The events of the session's first tab, in order, with timestamps from its first event.</summary>
    private static List<JsonObject> Read(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        var result = new List<JsonObject>();
        string? window = null;
        while (reader.ReadLine() is { } line)
        {
            var pair = JsonNode.Parse(line)!.AsArray();
            window ??= pair[0]!.GetValue<string>();
            if (pair[0]!.GetValue<string>() == window) result.Add(pair[1]!.AsObject().DeepClone().AsObject());
        }
        var first = Time(result[0]);
        foreach (var e in result) e["timestamp"] = Time(e) - first;
        return result;
    }
}
