using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>
/// The rrweb events of a batch are copied into the chunk as sent, with only the timestamp's digits replaced. These pin
/// what any parser of them (a JsonDocument today; a forward-only reader was tried) must refuse, and what it must keep.
/// </summary>
public sealed class IngestionRrwebScanTests : IngestionServerTest
{
    public static TheoryData<string> BadSnapshots =>
    [
        "truncated inside an event", "garbage after the body", "a second root value", "event is not an object",
        "snapshots is an object", "type out of range", "type is a string", "timestamp is fractional",
        "timestamp is a string", "nested too deep", "unterminated string", "snapshots repeated, the last one bad",
    ];

    [Theory]
    [MemberData(nameof(BadSnapshots))]
    public async Task Malformed_rrweb_data_gets_a_4xx_and_stores_nothing(string bad)
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var batch = client.Batch("scan-bad", sequence: 1);
        var json = batch.ToJsonString();
        var snapshot = batch["snapshots"]![0]!;
        switch (bad)
        {
            case "truncated inside an event": json = json[..(json.IndexOf("\"snapshots\"", StringComparison.Ordinal) + 40)]; break;
            case "garbage after the body": json += " x"; break;
            case "a second root value": json += " {}"; break;
            case "event is not an object": batch["snapshots"]!.AsArray().Add(42); json = batch.ToJsonString(); break;
            case "snapshots is an object": batch["snapshots"] = new JsonObject { ["type"] = 4 }; json = batch.ToJsonString(); break;
            case "type out of range": snapshot["type"] = 8; json = batch.ToJsonString(); break;
            case "type is a string": snapshot["type"] = "4"; json = batch.ToJsonString(); break;
            case "timestamp is fractional": snapshot["timestamp"] = IngestClient.Now + 0.5; json = batch.ToJsonString(); break;
            case "timestamp is a string": snapshot["timestamp"] = IngestClient.Now.ToString(); json = batch.ToJsonString(); break;
            case "nested too deep":
                json = json.Replace("\"width\":800", "\"width\":" + new string('[', 1100) + new string(']', 1100), StringComparison.Ordinal);
                break;
            case "unterminated string": json = json.Replace("https://site.test/start\"", "https://site.test/start", StringComparison.Ordinal); break;
            case "snapshots repeated, the last one bad": json = json[..^1] + ",\"snapshots\":[{\"type\":4}]}"; break;
        }
        var response = await client.PostAsync("/ingest/batch", IngestClient.Gzip(Encoding.UTF8.GetBytes(json)), gzip: true);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.False(string.IsNullOrEmpty((await IngestClient.BodyAsync(response)).GetProperty("code").GetString()));
        Assert.Equal(0, await stored.CountAllAsync());
    }

    [Fact]
    public async Task Rrweb_data_fields_of_unexpected_types_are_stored_without_counting_and_never_a_500()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var batch = client.Batch("odd-types", sequence: 1, clicks: 0, mouseMoves: 0);
        var t = IngestClient.Now;
        batch["snapshots"]!.AsArray().Add(JsonNode.Parse($$$"""{"type":3,"data":{"source":"1"},"timestamp":{{{t}}}}"""));
        batch["snapshots"]!.AsArray().Add(JsonNode.Parse($$$"""{"type":6,"data":{"plugin":7,"payload":{}},"timestamp":{{{t + 1}}}}"""));
        var response = await client.SendAsync(batch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = await stored.QueryAsync("SELECT MouseActivityCount, ConsoleLogCount FROM recordings", r => (r.GetInt32(0), r.GetInt32(1)));
        Assert.Equal((0, 0), Assert.Single(counts));
    }

    [Fact]
    public async Task Events_are_stored_byte_for_byte_with_only_the_timestamp_moved_to_the_server_clock()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var skew = (long)TimeSpan.FromHours(-5).TotalMilliseconds;
        var t = IngestClient.Now + skew;
        // Timestamp first, escapes, non-ASCII, and a nested "timestamp" that is data, not the event's clock.
        var meta = $$$"""{"timestamp":{{{t}}}, "type":4,"data":{"href":"https://site.test/\u00e9t\u00e9?q=\"a\"","width":1}}""";
        var move = $$$"""{"type":3,"data":{"source":1,"positions":[{"x":1,"y":2,"timestamp":{{{t}}}}]},"timestamp":{{{t + 5}}}}""";
        var log = $$$"""{"type":6,"data":{"plugin":"rrweb/console@1","payload":{"level":"log","payload":["hi ✓"]}},"timestamp":{{{t + 9}}}}""";
        var body = $$$"""{"token":"{{{env.Token}}}","session_id":"scan-ok","window_id":"w\"1","sequence":1,"sent_at":{{{IngestClient.Now + skew}}},"events":[],"snapshots":[{{{meta}}},{{{move}}},{{{log}}}]}""";
        var response = await client.PostAsync("/ingest/batch", IngestClient.Gzip(Encoding.UTF8.GetBytes(body)), gzip: true);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // window ids may not hold quotes
        body = body.Replace("w\\\"1", "w1", StringComparison.Ordinal);
        response = await client.PostAsync("/ingest/batch", IngestClient.Gzip(Encoding.UTF8.GetBytes(body)), gzip: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var chunk = Assert.Single(await stored.ChunksAsync("scan-ok"));
        var lines = chunk.Jsonl.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(3, chunk.Events);
        var offset = chunk.FirstMs - t;
        Assert.InRange(offset, -skew - 60_000, -skew + 60_000);
        Assert.Equal($$"""["w1",{{meta.Replace(t.ToString(), (t + offset).ToString(), StringComparison.Ordinal)}}]""", lines[0]);
        // Only the event's own timestamp moves; the one inside data stays as the client wrote it.
        Assert.Equal($$"""["w1",{{move.Replace($"\"timestamp\":{t + 5}", $"\"timestamp\":{t + 5 + offset}", StringComparison.Ordinal)}}]""", lines[1]);
        Assert.Equal(chunk.FirstMs + 9, chunk.LastMs);

        var recording = (await stored.RecordingAsync("scan-ok"))!;
        Assert.Equal("https://site.test/été?q=\"a\"", recording.StartUrl);
        Assert.Equal(chunk.FirstMs, recording.StartMs);
        Assert.Equal(chunk.LastMs, recording.EndMs);
        var counts = await stored.QueryAsync("SELECT MouseActivityCount, ConsoleLogCount FROM recordings", r => (r.GetInt32(0), r.GetInt32(1)));
        Assert.Equal((1, 1), Assert.Single(counts));
    }
}
