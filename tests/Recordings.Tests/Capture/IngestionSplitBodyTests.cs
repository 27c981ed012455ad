using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>
/// The split body (docs/ingestion.md): the envelope and the rrweb events as JSONL lines, each its own gzip member. With
/// a client clock that needs no correction the second member is the stored chunk, byte for byte.
/// </summary>
public sealed class IngestionSplitBodyTests : IngestionServerTest
{
    [Fact]
    public async Task The_clients_gzip_member_is_stored_as_the_chunk_as_sent_and_counted_like_a_plain_body()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var batch = client.Batch("split-ok", sequence: 1, clicks: 2, mouseMoves: 3);
        var t = IngestClient.Now;
        batch["snapshots"]!.AsArray().Add(JsonNode.Parse($$$"""{"type":6,"data":{"plugin":"rrweb/console@1","payload":{"level":"log","payload":["hi ✓"]}},"timestamp":{{{t}}}}"""));
        var (envelope, lines) = IngestClient.Split(batch);
        var member = IngestClient.Gzip(lines);

        var response = await client.PostAsync($"/ingest/batch?snapshots_offset={IngestClient.Gzip(envelope).Length}", [.. IngestClient.Gzip(envelope), .. member]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await IngestClient.BodyAsync(response);
        Assert.Equal(5, answer.GetProperty("snapshots").GetInt32());
        Assert.Equal(2, answer.GetProperty("events").GetInt32());

        Assert.Equal(member, Assert.Single(await stored.ChunkBytesAsync("split-ok")));
        var chunk = Assert.Single(await stored.ChunksAsync("split-ok"));
        Assert.Equal(Encoding.UTF8.GetString(lines), chunk.Jsonl);
        Assert.Equal(5, chunk.Events);
        var recording = (await stored.RecordingAsync("split-ok"))!;
        Assert.Equal("https://site.test/start", recording.StartUrl);
        Assert.Equal(2, recording.Clicks);
        var counts = await stored.QueryAsync("SELECT MouseActivityCount, ConsoleLogCount FROM recordings", r => (r.GetInt32(0), r.GetInt32(1)));
        Assert.Equal((3, 1), Assert.Single(counts));

        // A retry of the same batch is recognised and stored once.
        var retry = await client.SendSplitAsync(envelope, lines);
        Assert.True((await IngestClient.BodyAsync(retry)).GetProperty("duplicate").GetBoolean());
        Assert.Single(await stored.ChunksAsync("split-ok"));
    }

    [Fact]
    public async Task Lines_from_a_skewed_clock_are_stored_with_only_their_timestamps_moved()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var skew = (long)TimeSpan.FromHours(-5).TotalMilliseconds;
        var t = IngestClient.Now + skew;
        var move = $$$"""{"type":3,"data":{"source":1,"positions":[{"x":1,"y":2,"timestamp":{{{t}}}}]},"timestamp":{{{t + 5}}}}""";
        var envelope = $$$"""{"token":"{{{env.Token}}}","session_id":"split-skew","window_id":"w1","sequence":1,"sent_at":{{{IngestClient.Now + skew}}},"events":[]}""";
        var response = await client.SendSplitAsync(Encoding.UTF8.GetBytes(envelope), Encoding.UTF8.GetBytes($"[\"w1\",{move}]\n"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var chunk = Assert.Single(await stored.ChunksAsync("split-skew"));
        var offset = chunk.FirstMs - (t + 5);
        Assert.InRange(offset, -skew - 60_000, -skew + 60_000);
        // The event's own timestamp moved; the one inside its data is as the client wrote it.
        Assert.Equal($"[\"w1\",{move.Replace($"\"timestamp\":{t + 5}", $"\"timestamp\":{t + 5 + offset}", StringComparison.Ordinal)}]\n", chunk.Jsonl);
    }

    [Fact]
    public async Task A_split_body_over_the_event_limit_with_its_envelope_events_counted_is_refused_naming_the_batch_limit()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var (envelope, _) = IngestClient.Split(client.Batch("split-limit", sequence: 1, clicks: 2));
        var t = IngestClient.Now;
        var line = $"[\"w1\",{{\"type\":3,\"data\":{{\"source\":1}},\"timestamp\":{t}}}]\n";
        var atTheLimit = await client.SendSplitAsync(envelope, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 4998))));
        Assert.Equal(HttpStatusCode.OK, atTheLimit.StatusCode);

        var (over, _) = IngestClient.Split(client.Batch("split-limit", sequence: 2, clicks: 2));
        var response = await client.SendSplitAsync(over, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 4999))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await IngestClient.BodyAsync(response);
        Assert.Equal("too_many_events", error.GetProperty("code").GetString());
        Assert.Contains("at most 5000 events", error.GetProperty("detail").GetString());
        Assert.Single(await stored.ChunksAsync("split-limit"));
    }

    public static TheoryData<string> BadBodies =>
    [
        "offset zero", "offset past the body", "offset not a number", "lines not gzip", "no newline at the end",
        "two events on one line", "a blank line", "another window's id", "a line that is an object", "type out of range",
        "timestamp is a string", "not JSON", "snapshots in the envelope too", "lines inflate past the cap",
    ];

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_malformed_split_body_gets_a_4xx_and_stores_nothing(string bad)
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var batch = client.Batch("split-bad", sequence: 1);
        var (envelope, lines) = IngestClient.Split(batch);
        var text = Encoding.UTF8.GetString(lines);
        var t = IngestClient.Now;
        string? offset = null;
        var compress = true;
        switch (bad)
        {
            case "offset zero": offset = "0"; break;
            case "offset past the body": offset = "100000"; break;
            case "offset not a number": offset = "abc"; break;
            case "lines not gzip": compress = false; break;
            case "no newline at the end": text = text.TrimEnd('\n'); break;
            case "two events on one line": text = text.Replace("]\n[", "][", StringComparison.Ordinal); break;
            case "a blank line": text = text.Replace("]\n[", "]\n\n[", StringComparison.Ordinal); break;
            case "another window's id": text += $"[\"w2\",{{\"type\":3,\"data\":{{\"source\":1}},\"timestamp\":{t}}}]\n"; break;
            case "a line that is an object": text += $"{{\"type\":3,\"timestamp\":{t}}}\n"; break;
            case "type out of range": text += $"[\"w1\",{{\"type\":8,\"timestamp\":{t}}}]\n"; break;
            case "timestamp is a string": text += $"[\"w1\",{{\"type\":3,\"timestamp\":\"{t}\"}}]\n"; break;
            case "not JSON": text += "[\"w1\",{\"type\":3,\n"; break;
            case "snapshots in the envelope too": envelope = IngestClient.Json(batch); break;
            case "lines inflate past the cap": text = new string(' ', 49 * 1024 * 1024); break;
        }
        var response = await client.SendSplitAsync(envelope, Encoding.UTF8.GetBytes(text), offset, compress);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.False(string.IsNullOrEmpty((await IngestClient.BodyAsync(response)).GetProperty("code").GetString()));
        Assert.Equal(0, await stored.CountAllAsync());
    }
}
