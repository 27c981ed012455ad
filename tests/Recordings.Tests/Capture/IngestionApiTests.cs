using System.Net;
using System.Text.Json.Nodes;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

public sealed class IngestionApiTests : IngestionServerTest
{
    [Fact]
    public async Task A_retried_batch_is_acknowledged_again_but_stored_once()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var batch = client.Batch("retry-session", sequence: 7, clicks: 2);
        var first = await client.SendAsync(batch, gzip: true);
        var second = await client.SendAsync(batch, gzip: true);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False((await IngestClient.BodyAsync(first)).GetProperty("duplicate").GetBoolean());
        Assert.True((await IngestClient.BodyAsync(second)).GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await stored.CountAsync("snapshot_chunks"));
        Assert.Equal(2, await stored.CountAsync("behavior_events"));
        Assert.Equal(1, await stored.CountAsync("ingested_batches"));
        Assert.Equal(2, (await stored.RecordingAsync("retry-session"))!.Clicks);
    }

    [Fact]
    public async Task An_acknowledged_batch_is_already_in_the_database_with_its_metadata()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var response = await client.SendAsync(client.Batch("meta-session", sequence: 1, clicks: 3, mouseMoves: 4));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recording = await stored.RecordingAsync("meta-session");
        Assert.NotNull(recording);
        Assert.Equal("playback", recording.Mode);
        Assert.Equal(3, recording.Clicks);
        Assert.Equal("https://site.test/start", recording.StartUrl);
        Assert.True(recording.ActiveMs > 0 && recording.EndMs > recording.StartMs);
        var chunk = Assert.Single(await stored.ChunksAsync("meta-session"));
        Assert.Equal(5, chunk.Events);
        Assert.All(chunk.Jsonl.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("[\"w1\",{", line));
    }

    [Fact]
    public async Task A_client_clock_that_is_hours_off_is_corrected_with_sent_at()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var skew = (long)TimeSpan.FromHours(-30).TotalMilliseconds;
        var batch = client.Batch("skewed-session", sequence: 1, sentAt: IngestClient.Now + skew);
        foreach (var e in batch["events"]!.AsArray().Concat(batch["snapshots"]!.AsArray()))
            e!["timestamp"] = e["timestamp"]!.GetValue<long>() + skew;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(batch)).StatusCode);
        var recording = (await stored.RecordingAsync("skewed-session"))!;
        Assert.InRange(recording.StartMs, IngestClient.Now - 60_000, IngestClient.Now);
    }

    [Fact]
    public async Task Snapshot_data_of_a_session_in_behaviour_mode_is_refused_while_its_events_are_stored()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        var client = new IngestClient(http, env.Token);
        var response = await client.SendAsync(client.Batch("behaviour-session", sequence: 1, clicks: 2));
        var body = await IngestClient.BodyAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("snapshots_refused").GetBoolean());
        Assert.Equal("behavior", body.GetProperty("mode").GetString());
        Assert.Equal("manual_start", body.GetProperty("reason").GetString());
        Assert.Equal(0, await stored.CountAsync("snapshot_chunks"));
        Assert.Equal(2, await stored.CountAsync("behavior_events"));
    }

    public static TheoryData<string> BadInputs =>
    [
        "malformed json", "wrong token", "foreign origin", "bad gzip", "absurd timestamp", "absurd sent_at", "missing sequence",
        "too many events", "string too long", "unknown event type", "rrweb event without timestamp", "session id with spaces",
        "body too large",
    ];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_4xx_json_error_and_stores_nothing(string badInput)
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { AllowedOrigins = ["https://allowed.test"] });
        var client = new IngestClient(http, env.Token);
        var batch = client.Batch("bad-session", sequence: 1);
        string? origin = "https://allowed.test";
        byte[]? raw = null;
        var gzip = false;
        switch (badInput)
        {
            case "malformed json": raw = "{\"token\": \"x\", "u8.ToArray(); break;
            case "wrong token": batch["token"] = "env_nope"; break;
            case "foreign origin": origin = "https://evil.test"; break;
            case "bad gzip": raw = [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]; gzip = true; break;
            case "absurd timestamp": batch["events"]![0]!["timestamp"] = 1234; break;
            case "absurd sent_at": batch["sent_at"] = 42; break;
            case "missing sequence": batch.Remove("sequence"); break;
            case "too many events":
                var many = new JsonArray();
                for (var i = 0; i < 5001; i++) many.Add(new JsonObject { ["type"] = "custom", ["name"] = "e", ["timestamp"] = IngestClient.Now });
                batch["events"] = many;
                break;
            case "string too long": batch["events"]![0]!["text"] = new string('x', 5000); break;
            case "unknown event type": batch["events"]![0]!["type"] = "keylogger"; break;
            case "rrweb event without timestamp": batch["snapshots"]![0]!.AsObject().Remove("timestamp"); break;
            case "session id with spaces": batch["session_id"] = "a session"; break;
            case "body too large": raw = new byte[9 * 1024 * 1024]; break;
        }
        var response = raw is null
            ? await client.SendAsync(batch, origin: origin)
            : await client.PostAsync("/ingest/batch", raw, gzip, origin);
        Assert.InRange((int)response.StatusCode, 400, 499);
        var error = await IngestClient.BodyAsync(response);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("detail").GetString()));
        Assert.Equal(0, await stored.CountAllAsync());
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_without_inflating_it_into_memory()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        // 2 GiB of zeros in about 2 MB of gzip: inflating it whole would take 2 GiB.
        using var bomb = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(bomb, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 2048; i++) gzip.Write(zeros);
        }
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var response = await client.PostAsync("/ingest/batch", bomb.ToArray(), gzip: true);
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("decompressed_too_large", (await IngestClient.BodyAsync(response)).GetProperty("code").GetString());
        Assert.True(allocated < 512L * 1024 * 1024, $"The server allocated {allocated / 1024 / 1024} MB for a refused bomb.");
        Assert.Equal(0, await stored.CountAllAsync());
    }

    [Fact]
    public async Task Two_hundred_concurrent_sessions_against_a_quota_of_fifty_give_exactly_fifty_playback_recordings()
    {
        // All 200 come from one address: the per-address session-start limit is lifted so the quota alone decides.
        using var app = new RecordingsApp(settings: new Dictionary<string, string?> { ["RateLimits:SessionStartsPerAddressPerMinute"] = "1000" });
        using var http = app.NewClient();
        var stored = new CapturedData(app.DataDirectory);
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { PlaybackQuota = 50 });
        var client = new IngestClient(http, env.Token);
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var begin = await client.BeginAsync($"crowd-{i}");
            var batch = await client.SendAsync(client.Batch($"crowd-{i}", sequence: 1), gzip: true);
            return (Begin: await IngestClient.BodyAsync(begin), Batch: await IngestClient.BodyAsync(batch));
        }));
        Assert.Equal(50, responses.Count(r => r.Begin.GetProperty("mode").GetString() == "playback"));
        Assert.All(responses.Where(r => r.Begin.GetProperty("mode").GetString() != "playback"),
            r => Assert.Equal("quota_exhausted", r.Begin.GetProperty("reason").GetString()));
        Assert.Equal(50, (await stored.QueryAsync("SELECT COUNT(*) FROM recordings WHERE TrackingMode = 'playback'", r => r.GetInt64(0)))[0]);
        Assert.Equal(200, await stored.CountAsync("recordings"));
        Assert.Equal(50, await stored.CountAsync("snapshot_chunks"));
        Assert.Equal(50, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
    }
}
