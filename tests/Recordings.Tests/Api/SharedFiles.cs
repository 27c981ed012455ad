using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Recordings.Tests.Api;

/// <summary>The team's shared folder (seeds, corpus), found by walking up from the test's base directory.</summary>
public static class SharedFiles
{
    public static string Root { get; } = Find();

    public static string Seed(string name) => Path.Combine(Root, "seeds", name);

    public static string Corpus(string name) => Path.Combine(Root, "corpus", name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "seeds"))) return Path.Combine(dir.FullName, "shared");
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds shared/seeds.");
    }
}

/// <summary>One recorded corpus session: its <c>[window_id, event]</c> lines in arrival order.</summary>
public sealed record CorpusSession(IReadOnlyList<(string Window, JsonObject Event)> Lines)
{
    public static CorpusSession Load(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(SharedFiles.Corpus(file)), CompressionMode.Decompress));
        var lines = new List<(string, JsonObject)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var pair = JsonNode.Parse(line)!.AsArray();
            lines.Add((pair[0]!.GetValue<string>(), pair[1]!.AsObject()));
        }
        return new CorpusSession(lines);
    }

    public long LastTimestamp => Lines.Max(l => l.Event["timestamp"]!.GetValue<long>());

    public IEnumerable<string> Windows => Lines.Select(l => l.Window).Distinct();
}
