using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recordings.Tests.Storage;

/// <summary>The shared corpus of real rrweb recordings (<c>../shared/corpus/session-NN.jsonl.gz</c>), sent as the SDK sends them.</summary>
public static class Corpus
{
    public sealed record Line(string WindowId, JsonNode Event, long Timestamp);

    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "corpus");
                if (File.Exists(Path.Combine(candidate, "session-01.jsonl.gz"))) return Path.GetFullPath(candidate);
            }
            throw new DirectoryNotFoundException("The corpus (../shared/corpus beside the repository) is not there.");
        }
    }

    public static List<Line> Load(int session)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Directory, $"session-{session:00}.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<Line>();
        while (reader.ReadLine() is { Length: > 0 } text)
        {
            var array = JsonNode.Parse(text)!.AsArray();
            var e = array[1]!;
            lines.Add(new Line(array[0]!.GetValue<string>(), e.DeepClone(), e["timestamp"]!.GetValue<long>()));
        }
        return lines;
    }

    /// <summary>
    /// The session as SDK batches: per window, <paramref name="eventsPerBatch"/> events at a time, numbered from 0, each
    /// stamped sent_at = its last event's time so the server moves the recording onto its own clock.
    /// </summary>
    public static List<(string WindowId, long Sequence, JsonObject Body)> Batches(
        List<Line> lines, string token, string sessionId, int eventsPerBatch)
    {
        var batches = new List<(string, long, JsonObject)>();
        foreach (var window in lines.GroupBy(l => l.WindowId))
        {
            long sequence = 0;
            foreach (var part in window.Chunk(eventsPerBatch))
            {
                var body = new JsonObject
                {
                    ["token"] = token, ["session_id"] = sessionId, ["window_id"] = window.Key, ["sequence"] = sequence,
                    ["sent_at"] = part[^1].Timestamp, ["events"] = new JsonArray(),
                    ["snapshots"] = new JsonArray(part.Select(l => l.Event.DeepClone()).ToArray()),
                };
                batches.Add((window.Key, sequence++, body));
            }
        }
        return batches;
    }

    public static long RawBytes(int session)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(Directory, $"session-{session:00}.jsonl.gz")), CompressionMode.Decompress);
        long total = 0;
        var buffer = new byte[1 << 16];
        for (int n; (n = gzip.Read(buffer)) > 0;) total += n;
        return total;
    }

    public static JsonSerializerOptions Json { get; } = new();
}
