using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace IngestBench;

/// <summary>One batch as the SDK would send it: the rrweb events of one tab over a few seconds (or one full snapshot).</summary>
internal sealed record BatchTemplate(string WindowId, List<string> Events, long SentAt, long RawBytes);

/// <summary>
/// Cuts recorded sessions into SDK-shaped batches: a batch closes after 4 s of events, at 1000 events, and right after
/// a full snapshot (the SDK sends that at once). Each session is moved in time to end now, as if just recorded by a
/// browser whose clock is right (the common case; a skewed clock is corrected by the server at extra cost).
/// Falls back to synthetic sessions when the corpus is missing.
/// </summary>
internal static class Corpus
{
    public static List<List<BatchTemplate>> Load(string directory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.jsonl.gz").Order().ToList() : [];
        if (files.Count == 0)
        {
            Console.WriteLine($"!! No corpus at {Path.GetFullPath(directory)}: using SYNTHETIC sessions (figures are not comparable).");
            return Synthetic.Sessions(12);
        }
        Console.WriteLine($"Corpus: {files.Count} recorded sessions from {Path.GetFullPath(directory)}");
        return files.Select(Batches).ToList();
    }

    private static List<BatchTemplate> Batches(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        var open = new Dictionary<string, (List<string> Events, long First, long Last, long Bytes)>();
        var batches = new List<BatchTemplate>();
        var shift = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - LastTimestamp(file);
        void Close(string window)
        {
            var b = open[window];
            if (b.Events.Count > 0) batches.Add(new BatchTemplate(window, b.Events, b.Last + 50, b.Bytes));
            open.Remove(window);
        }
        while (reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 1000 });
            var window = doc.RootElement[0].GetString()!;
            var e = doc.RootElement[1];
            var ts = e.GetProperty("timestamp").GetInt64() + shift;
            var raw = Retimed(e.GetRawText(), ts - shift, ts);
            if (open.TryGetValue(window, out var b) && (ts - b.First > 4000 || b.Events.Count >= 1000)) Close(window);
            if (!open.TryGetValue(window, out b)) b = ([], ts, ts, 0);
            b.Events.Add(raw);
            open[window] = (b.Events, b.First, ts, b.Bytes + Encoding.UTF8.GetByteCount(raw));
            if (e.GetProperty("type").GetInt32() == 2) Close(window);
        }
        foreach (var window in open.Keys.ToList()) Close(window);
        return batches;
    }

    private static long LastTimestamp(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        long last = 0;
        while (reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 1000 });
            last = Math.Max(last, doc.RootElement[1].GetProperty("timestamp").GetInt64());
        }
        return last;
    }

    /// <summary>The event's JSON with only its timestamp's digits replaced (rrweb puts the timestamp last).</summary>
    private static string Retimed(string raw, long old, long now)
    {
        var key = $"\"timestamp\":{old}";
        var at = raw.LastIndexOf(key, StringComparison.Ordinal);
        if (at < 0) throw new InvalidDataException($"No top-level timestamp {old} in an event.");
        return string.Concat(raw.AsSpan(0, at), $"\"timestamp\":{now}", raw.AsSpan(at + key.Length));
    }
}
