using System.IO.Compression;
using System.Text.Json.Nodes;

namespace PlayerBench;

/// <summary>
/// A 30-minute, single-tab recording made of the corpus' real sessions played one after another (each keeps its own
/// Meta and full snapshot), moved in time so it ends now.
/// </summary>
internal static class Recording
{
    public static List<JsonObject> Build(string corpus, TimeSpan length)
    {
        var files = Directory.GetFiles(corpus, "session-*.jsonl.gz").Order().ToList();
        if (files.Count == 0) throw new FileNotFoundException($"No corpus in {corpus}");
        var events = new List<JsonObject>();
        long cursor = 0;
        for (var i = 0; cursor < length.TotalMilliseconds; i++)
        {
            var session = Read(files[i % files.Count]);
            var first = session[0]["timestamp"]!.GetValue<long>();
            foreach (var e in session)
            {
                e["timestamp"] = cursor + e["timestamp"]!.GetValue<long>() - first;
                events.Add(e);
            }
            cursor = events[^1]["timestamp"]!.GetValue<long>() + 1000;
        }
        var shift = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2000 - events[^1]["timestamp"]!.GetValue<long>();
        foreach (var e in events) e["timestamp"] = e["timestamp"]!.GetValue<long>() + shift;
        return events;
    }

    /// <summary>The events of the session's first tab, in order.</summary>
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
        return result;
    }
}
