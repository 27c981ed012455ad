using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IngestBench;

/// <summary>
/// The same batches as posthog-js 1.449 sends them to <c>/s/</c> (README "Using posthog-js"): one <c>$snapshot</c> event
/// per batch with the rrweb events in <c>$snapshot_data</c>, full snapshots and mutations compressed per event as it
/// does (the <c>cv</c> marker: gzip as a byte string), the request body gzipped (<c>compression=gzip-js</c>).
/// </summary>
internal static class Posthog
{
    public static byte[] Body(string token, string sessionId, string windowId, IEnumerable<string> events)
    {
        var data = new JsonArray();
        foreach (var raw in events) data.Add(Compressed(JsonNode.Parse(raw, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 })!));
        var request = new JsonArray(new JsonObject
        {
            ["uuid"] = Guid.NewGuid().ToString(),
            ["event"] = "$snapshot",
            ["properties"] = new JsonObject
            {
                ["$snapshot_data"] = data, ["$session_id"] = sessionId, ["$window_id"] = windowId,
                ["distinct_id"] = "bench", ["token"] = token, ["$lib"] = "web",
            },
            ["offset"] = 5,
        });
        return Load.Gzip(Encoding.UTF8.GetBytes(request.ToJsonString(new JsonSerializerOptions { MaxDepth = 1000 })));
    }

    private static JsonNode Compressed(JsonNode e)
    {
        var type = (int)e["type"]!;
        if (type == 2)
        {
            e["data"] = ByteString(e["data"]!);
            e["cv"] = "2024-10";
        }
        else if (type == 3 && e["data"] is JsonObject data && (int?)data["source"] == 0)
        {
            foreach (var field in new[] { "texts", "attributes", "removes", "adds" })
                data[field] = ByteString(data[field] ?? new JsonArray());
            e["cv"] = "2024-10";
        }
        return e;
    }

    /// <summary>fflate's <c>strFromU8(gzipSync(...), true)</c>: one character per byte.</summary>
    private static string ByteString(JsonNode value)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(value.ToJsonString(new JsonSerializerOptions { MaxDepth = 1000 })));
        return new string(output.ToArray().Select(b => (char)b).ToArray());
    }
}
