using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recordings.Tests.Capture;

/// <summary>Talks to the ingestion endpoints the way the SDK does, for server tests.</summary>
public sealed class IngestClient(HttpClient http, string token)
{
    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public Task<HttpResponseMessage> BeginAsync(string session, string window = "w1", string? origin = null) =>
        PostAsync("/ingest/session", Json(new JsonObject { ["token"] = token, ["session_id"] = session, ["window_id"] = window }), origin: origin);

    public Task<HttpResponseMessage> StartPlaybackAsync(string session, string window = "w1") =>
        PostAsync("/ingest/playback", Json(new JsonObject { ["token"] = token, ["session_id"] = session, ["window_id"] = window }));

    public JsonObject Batch(string session, long sequence, string window = "w1", int clicks = 1, int mouseMoves = 1, long? sentAt = null)
    {
        var now = Now;
        var events = new JsonArray();
        for (var i = 0; i < clicks; i++)
            events.Add(new JsonObject { ["type"] = "click", ["timestamp"] = now - 10 + i, ["selector"] = "button#go", ["text"] = "Go" });
        var snapshots = new JsonArray
        {
            new JsonObject { ["type"] = 4, ["timestamp"] = now - 20, ["data"] = new JsonObject { ["href"] = "https://site.test/start", ["width"] = 800, ["height"] = 600 } },
        };
        for (var i = 0; i < mouseMoves; i++)
            snapshots.Add(new JsonObject { ["type"] = 3, ["timestamp"] = now - 5 + i, ["data"] = new JsonObject { ["source"] = 1, ["positions"] = new JsonArray() } });
        return new JsonObject
        {
            ["token"] = token, ["session_id"] = session, ["window_id"] = window, ["sequence"] = sequence,
            ["sent_at"] = sentAt ?? now, ["events"] = events, ["snapshots"] = snapshots,
        };
    }

    public Task<HttpResponseMessage> SendAsync(JsonObject batch, bool gzip = false, string? origin = null) =>
        PostAsync("/ingest/batch", gzip ? Gzip(Encoding.UTF8.GetBytes(batch.ToJsonString())) : Json(batch), gzip, origin);

    /// <summary>The SDK's split body: the batch without its snapshots as one gzip member, then its rrweb events as JSONL lines.</summary>
    public static (byte[] Envelope, byte[] Lines) Split(JsonObject batch)
    {
        var envelope = (JsonObject)batch.DeepClone();
        var snapshots = envelope["snapshots"]!.AsArray();
        envelope.Remove("snapshots");
        var window = batch["window_id"]!.ToJsonString();
        var lines = string.Concat(snapshots.Select(e => $"[{window},{e!.ToJsonString()}]\n"));
        return (Json(envelope), Encoding.UTF8.GetBytes(lines));
    }

    /// <summary>Posts a split body: both parts gzip-compressed (unless given compressed), the offset in the query.</summary>
    public Task<HttpResponseMessage> SendSplitAsync(byte[] envelope, byte[] lines, string? offset = null, bool compressLines = true)
    {
        var first = Gzip(envelope);
        var second = compressLines ? Gzip(lines) : lines;
        return PostAsync($"/ingest/batch?snapshots_offset={offset ?? first.Length.ToString()}", [.. first, .. second]);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, bool gzip = false, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        if (gzip) request.Content.Headers.ContentEncoding.Add("gzip");
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await http.SendAsync(request);
    }

    public static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
