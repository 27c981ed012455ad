using System.Text;

namespace IngestBench;

/// <summary>Sessions of realistic sizes when no recorded corpus is at hand: full snapshots of 50–500 KB, incremental batches of 2–30 KB.</summary>
internal static class Synthetic
{
    public static List<List<BatchTemplate>> Sessions(int count)
    {
        var random = new Random(42);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        return Enumerable.Range(0, count).Select(_ =>
        {
            var batches = new List<BatchTemplate>();
            var t = start;
            for (var page = 0; page < 4; page++)
            {
                batches.Add(Batch([Event(2, t, random.Next(50_000, 500_000), random)], t));
                for (var i = 0; i < 12; i++)
                {
                    t += 4000;
                    var events = new List<string>();
                    var target = random.Next(2_000, 30_000);
                    for (var size = 0; size < target; size += events[^1].Length) events.Add(Event(3, t, random.Next(100, 1500), random));
                    batches.Add(Batch(events, t));
                }
            }
            return batches;
        }).ToList();
    }

    private static BatchTemplate Batch(List<string> events, long t) =>
        new("synthetic-window", events, t + 50, events.Sum(e => (long)Encoding.UTF8.GetByteCount(e)));

    private static string Event(int type, long t, int size, Random random)
    {
        var text = new StringBuilder(size);
        while (text.Length < size) text.Append("lorem ipsum dolor sit amet ").Append(random.Next(1000)).Append(' ');
        // A full snapshot needs data.node (ingestion refuses one without it, as rrweb's player cannot use it).
        var shape = type == 2 ? "\"node\":{\"type\":0,\"childNodes\":[],\"id\":1}" : "\"source\":0";
        return $$"""{"type":{{type}},"data":{{{shape}},"texts":[{"id":{{random.Next(10000)}},"value":"{{text}}"}]},"timestamp":{{t}}}""";
    }
}
