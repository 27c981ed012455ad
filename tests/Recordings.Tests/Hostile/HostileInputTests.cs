using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Hostile;

/// <summary>
/// What an attacker sends, case by case: each gets a 4xx with a JSON error (never a 5xx), stores and changes nothing,
/// logs no fault, and leaves the server healthy. The numbers name the defects of issue 15 each case was first found in;
/// the rest held before and are kept here so they keep holding.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly LogCapture log = new();
    private readonly RecordingsApp app;
    private readonly HttpClient http;
    private readonly CapturedData stored;

    public HostileInputTests()
    {
        // The storage jobs run when a test runs them, on data of any age (the cut-member case archives).
        app = new RecordingsApp(settings: Storage.StorageTestSite.Settings(), services: s => s.AddSingleton<ILoggerProvider>(log));
        http = app.NewClient();
        stored = new CapturedData(app.DataDirectory);
    }

    public void Dispose()
    {
        http.Dispose();
        app.Dispose();
    }

    public static TheoryData<string> Cases =>
    [
        // 1: a forged trailer size to every ingestion endpoint (memory: HostileMemoryTests).
        "1 forged gzip trailer to /ingest/session", "1 forged gzip trailer to /ingest/playback", "1 forged gzip trailer to /ingest/batch",
        // 2: what readers could not read back.
        "2 identify with a lone surrogate in its properties", "2 error with a lone surrogate in its stack", "2 properties nested 100 levels",
        // 3: gzip that is not one complete member.
        "3 split body whose rrweb member is cut before its trailer", "3 split body whose rrweb member is followed by junk",
        "3 split body whose rrweb member states a wrong size", "3 split body whose envelope member is cut before its trailer",
        "3 gzip body cut before its trailer", "3 gzip body followed by junk", "3 gzip body followed by a second member",
        // 4: bad text.
        "4 raw FF in a string", "4 overlong C0 AF in a string", "4 encoded surrogate ED A0 80 in a string", "4 raw FF in the rrweb lines",
        "4 lone surrogate in token", "4 lone surrogate in session_id", "4 lone surrogate in selector",
        "4 lone surrogate in a meta href", "4 lone surrogate in a meta href of the rrweb lines",
        // 8: events rrweb never writes, which stop its player.
        "8 meta event without data", "8 meta event without data in the rrweb lines", "8 console payload that is a string",
        "8 console payload that is a string in the rrweb lines", "8 full snapshot without a node",
        // 13: a key twice.
        "13 duplicate timestamp in an rrweb event", "13 duplicate timestamp in an rrweb event of the rrweb lines",
        "13 duplicate type written escaped in the rrweb lines", "13 duplicate key in the envelope",
        // Held before.
        "gzip bomb", "10k nesting", "body over 8 MB", "path traversal in blob_key", "malformed person_uuid", "malformed session id in the path",
        "GET /ingest/batch", "PUT /ingest/batch", "DELETE on the recordings list",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_request_gets_a_4xx_json_error_changes_nothing_and_leaves_the_server_healthy(string hostile)
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var key = await CaptureEnvironment.ApiKeyAsync(app, "session_recording:write");
        var client = new IngestClient(http, env.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(client.Batch("good", sequence: 1), gzip: true)).StatusCode);
        var before = await stored.EverythingAsync();

        var response = await SendAsync(hostile, client, env.Token, env.Id, key);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{hostile}: {(int)response.StatusCode} {body}");
        using var error = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("detail").GetString()));
        Assert.Equal(before, await stored.EverythingAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.True(log.Faults.IsEmpty, string.Join("\n", log.Faults));
    }

    private async Task<HttpResponseMessage> SendAsync(string hostile, IngestClient client, string token, int environmentId, string key)
    {
        var batch = client.Batch("hostile", sequence: 1);
        var json = batch.ToJsonString();
        var recordings = $"/api/projects/{environmentId}/session_recordings";
        switch (System.Text.RegularExpressions.Regex.Replace(hostile, "^[0-9]+ ", ""))
        {
            case "forged gzip trailer to /ingest/session": return await client.PostAsync("/ingest/session", HostileBodies.ForgedTrailer(token));
            case "forged gzip trailer to /ingest/playback": return await client.PostAsync("/ingest/playback", HostileBodies.ForgedTrailer(token));
            case "forged gzip trailer to /ingest/batch": return await client.PostAsync("/ingest/batch", HostileBodies.ForgedTrailer(token));
            case "identify with a lone surrogate in its properties":
                batch["events"]![0] = new JsonObject { ["type"] = "identify", ["name"] = "user-1", ["timestamp"] = IngestClient.Now, ["properties"] = "PROPS" };
                return await PlainAsync(HostileBodies.WithRaw(batch, "PROPS", """{"email":"\ud800"}"""));
            case "error with a lone surrogate in its stack":
                batch["events"]![0] = new JsonObject { ["type"] = "error", ["text"] = "boom", ["timestamp"] = IngestClient.Now, ["properties"] = "PROPS" };
                return await PlainAsync(HostileBodies.WithRaw(batch, "PROPS", """{"stack":"\ud800"}"""));
            case "properties nested 100 levels":
                batch["events"]![0] = new JsonObject { ["type"] = "custom", ["name"] = "deep", ["timestamp"] = IngestClient.Now, ["properties"] = "PROPS" };
                return await PlainAsync(HostileBodies.WithRaw(batch, "PROPS", HostileBodies.Nested(100)));
            case "split body whose rrweb member is cut before its trailer": return await SplitAsync(batch, lines => lines[..^8]);
            case "split body whose rrweb member is followed by junk": return await SplitAsync(batch, lines => [.. lines, .. "junk"u8.ToArray()]);
            case "split body whose rrweb member states a wrong size": return await SplitAsync(batch, lines => { lines[^1] ^= 1; return lines; });
            case "split body whose envelope member is cut before its trailer":
            {
                var (envelope, lines) = IngestClient.Split(batch);
                var first = IngestClient.Gzip(envelope)[..^8];
                return await client.PostAsync($"/ingest/batch?snapshots_offset={first.Length}", [.. first, .. IngestClient.Gzip(lines)]);
            }
            case "gzip body cut before its trailer": return await client.PostAsync("/ingest/batch", IngestClient.Gzip(Encoding.UTF8.GetBytes(json))[..^8], gzip: true);
            case "gzip body followed by junk": return await client.PostAsync("/ingest/batch", [.. IngestClient.Gzip(Encoding.UTF8.GetBytes(json)), .. "junk"u8.ToArray()], gzip: true);
            case "gzip body followed by a second member":
                return await client.PostAsync("/ingest/batch", [.. IngestClient.Gzip(Encoding.UTF8.GetBytes(json)), .. IngestClient.Gzip(" "u8.ToArray())], gzip: true);
            case "raw FF in a string": return await RawTextAsync(batch, [0xFF]);
            case "overlong C0 AF in a string": return await RawTextAsync(batch, [0xC0, 0xAF]);
            case "encoded surrogate ED A0 80 in a string": return await RawTextAsync(batch, [0xED, 0xA0, 0x80]);
            case "raw FF in the rrweb lines":
            {
                batch["snapshots"]![0]!["data"]!["href"] = "https://site.test/MARK";
                var (envelope, lines) = IngestClient.Split(batch);
                return await client.SendSplitAsync(envelope, HostileBodies.WithBytes(Encoding.UTF8.GetString(lines), "MARK", [0xFF]));
            }
            case "lone surrogate in token": return await PlainAsync(HostileBodies.WithRaw(Replace(batch, "token"), "MARK", "\"env_\\ud800\""));
            case "lone surrogate in session_id": return await PlainAsync(HostileBodies.WithRaw(Replace(batch, "session_id"), "MARK", "\"s\\ud800\""));
            case "lone surrogate in selector":
                batch["events"]![0]!["selector"] = "MARK";
                return await PlainAsync(HostileBodies.WithRaw(batch, "MARK", "\"button\\udc00\""));
            case "lone surrogate in a meta href":
                batch["snapshots"]![0]!["data"]!["href"] = "MARK";
                return await PlainAsync(HostileBodies.WithRaw(batch, "MARK", "\"https://site.test/\\ud800\""));
            case "lone surrogate in a meta href of the rrweb lines":
            {
                batch["snapshots"]![0]!["data"]!["href"] = "MARK";
                var (envelope, lines) = IngestClient.Split(batch);
                return await client.SendSplitAsync(envelope, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(lines).Replace("\"MARK\"", "\"https://site.test/\\ud800\"")));
            }
            case "meta event without data": batch["snapshots"]![0]!.AsObject().Remove("data"); return await PlainAsync(batch.ToJsonString());
            case "meta event without data in the rrweb lines":
            {
                batch["snapshots"]![0]!.AsObject().Remove("data");
                var (envelope, lines) = IngestClient.Split(batch);
                return await client.SendSplitAsync(envelope, lines);
            }
            case "console payload that is a string": batch["snapshots"]!.AsArray().Add(ConsoleWithStringPayload()); return await PlainAsync(batch.ToJsonString());
            case "console payload that is a string in the rrweb lines":
            {
                batch["snapshots"]!.AsArray().Add(ConsoleWithStringPayload());
                var (envelope, lines) = IngestClient.Split(batch);
                return await client.SendSplitAsync(envelope, lines);
            }
            case "full snapshot without a node":
                batch["snapshots"]!.AsArray().Add(new JsonObject { ["type"] = 2, ["timestamp"] = IngestClient.Now, ["data"] = new JsonObject { ["initialOffset"] = new JsonObject() } });
                return await PlainAsync(batch.ToJsonString());
            case "duplicate timestamp in an rrweb event":
                return await PlainAsync(json.Replace("{\"type\":4,\"timestamp\":", "{\"type\":4,\"timestamp\":1,\"timestamp\":", StringComparison.Ordinal));
            case "duplicate timestamp in an rrweb event of the rrweb lines":
            {
                var (envelope, lines) = IngestClient.Split(batch);
                return await client.SendSplitAsync(envelope, Encoding.UTF8.GetBytes(
                    Encoding.UTF8.GetString(lines).Replace("{\"type\":4,\"timestamp\":", "{\"type\":4,\"timestamp\":1,\"timestamp\":")));
            }
            case "duplicate type written escaped in the rrweb lines":
            {
                var (envelope, lines) = IngestClient.Split(batch);
                return await client.SendSplitAsync(envelope, Encoding.UTF8.GetBytes(
                    Encoding.UTF8.GetString(lines).Replace("{\"type\":4,", "{\"type\":4,\"\\u0074ype\":3,")));
            }
            case "duplicate key in the envelope": return await PlainAsync(json.Replace("{\"token\":", "{\"session_id\":\"other\",\"token\":", StringComparison.Ordinal));
            case "gzip bomb": return await client.PostAsync("/ingest/batch", HostileBodies.Bomb(64), gzip: true);
            case "10k nesting":
                return await PlainAsync(json.Replace("\"width\":800", "\"width\":" + new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal));
            case "body over 8 MB": return await client.PostAsync("/ingest/batch", new byte[9 * 1024 * 1024]);
            case "path traversal in blob_key": return await ApiAsync(HttpMethod.Get, $"{recordings}/good/snapshots?source=blob&blob_key=..%2F..%2Frecordings.db", key);
            case "malformed person_uuid": return await ApiAsync(HttpMethod.Get, $"{recordings}?person_uuid=not-a-uuid", key);
            case "malformed session id in the path": return await ApiAsync(HttpMethod.Get, $"{recordings}/..%2F..%2Fetc%2Fpasswd", key);
            case "GET /ingest/batch": return await http.GetAsync("/ingest/batch");
            case "PUT /ingest/batch": return await http.PutAsync("/ingest/batch", new ByteArrayContent(IngestClient.Json(batch)));
            case "DELETE on the recordings list": return await ApiAsync(HttpMethod.Delete, recordings, key);
            default: throw new ArgumentException(hostile);
        }

        Task<HttpResponseMessage> PlainAsync(string text) => client.PostAsync("/ingest/batch", Encoding.UTF8.GetBytes(text));

        Task<HttpResponseMessage> RawTextAsync(JsonObject b, byte[] bytes)
        {
            b["events"]![0]!["text"] = "MARK";
            return client.PostAsync("/ingest/batch", HostileBodies.WithBytes(b.ToJsonString(), "MARK", bytes));
        }

        Task<HttpResponseMessage> SplitAsync(JsonObject b, Func<byte[], byte[]> spoil)
        {
            var (envelope, lines) = IngestClient.Split(b);
            var first = IngestClient.Gzip(envelope);
            return client.PostAsync($"/ingest/batch?snapshots_offset={first.Length}", [.. first, .. spoil(IngestClient.Gzip(lines))]);
        }
    }

    /// <summary>
    /// 3, as it was found: batches A, B and C on one session, B's rrweb member cut before its trailer. All three were
    /// acknowledged, and once archived a read gave 3 of 4 lines: C was gone. Now B is refused, and A and C, both
    /// acknowledged, come back whole after the archive job, to plain, curl and first-member-only gzip readers.
    /// </summary>
    [Fact]
    public async Task A_batch_with_a_cut_member_is_refused_and_the_acknowledged_batches_around_it_read_back_whole_once_archived()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var key = await CaptureEnvironment.ApiKeyAsync(app, "session_recording:read");
        var client = new IngestClient(http, env.Token);
        var expected = new List<string>();

        async Task<HttpStatusCode> SendAsync(long sequence, Func<byte[], byte[]> spoil)
        {
            var (envelope, lines) = IngestClient.Split(client.Batch("abc", sequence, mouseMoves: 2));
            var first = IngestClient.Gzip(envelope);
            var response = await client.PostAsync($"/ingest/batch?snapshots_offset={first.Length}", [.. first, .. spoil(IngestClient.Gzip(lines))]);
            if (response.IsSuccessStatusCode) expected.AddRange(Encoding.UTF8.GetString(lines).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(1, member => member));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(2, member => member[..^8]));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(3, member => member));
        Assert.Equal(6, expected.Count);

        var job = await Storage.StoredData.Module(app).Storage.RunStorageJobAsync(Modules.Recordings.Contracts.StorageJobIds.ArchiveSnapshots);
        Assert.Equal("succeeded", job.Outcome);
        Assert.Empty(await stored.ChunksAsync("abc"));

        var readers = new Snapshots.SnapshotClients(app.BaseAddress, key, $"/api/projects/{env.Id}/session_recordings/abc", null!);
        var sources = await readers.ListAsync();
        Assert.NotEmpty(sources);
        foreach (var decoder in new[] { Snapshots.SnapshotClients.Decoder.Identity, Snapshots.SnapshotClients.Decoder.Curl, Snapshots.SnapshotClients.Decoder.FirstMemberOnly })
        {
            var read = await readers.ReadAsRangeAsync(sources, decoder);
            Assert.Equal(expected.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
        }
        Assert.True(log.Faults.IsEmpty, string.Join("\n", log.Faults));
    }

    private static JsonObject Replace(JsonObject batch, string field)
    {
        batch[field] = "MARK";
        return batch;
    }

    private static JsonObject ConsoleWithStringPayload() => new()
    {
        ["type"] = 6, ["timestamp"] = IngestClient.Now,
        ["data"] = new JsonObject { ["plugin"] = "rrweb/console@1", ["payload"] = "not an object" },
    };

    private async Task<HttpResponseMessage> ApiAsync(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", key);
        return await http.SendAsync(request);
    }

    /// <summary>
    /// 5: a body shorter than its Content-Length (the rest never comes) or trickling in is the client's fault: 408 once
    /// Kestrel's minimum body rate (240 bytes/s after 5 s) runs out, not 503 "storage full"; a body cut by closing the
    /// connection gets no answer (there is no one to read it), and neither stores nor logs anything.
    /// </summary>
    [Theory]
    [InlineData("short", 408)]
    [InlineData("trickle", 408)]
    [InlineData("cut by closing", 0)]
    public async Task A_short_or_trickling_body_is_the_clients_fault_and_no_storage_failure(string kind, int status)
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var body = IngestClient.Json(new IngestClient(http, env.Token).Batch("slow", sequence: 1));
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"POST /ingest/batch HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length + 1000}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (kind != "trickle") await stream.WriteAsync(body);
        if (kind == "cut by closing") socket.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        if (kind == "trickle")
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    for (var i = 0; i < body.Length && socket.Connected; i++)
                    {
                        await stream.WriteAsync(body.AsMemory(i, 1));
                        await Task.Delay(500);
                    }
                }
                catch (IOException) { }
                catch (ObjectDisposedException) { }
            });
        }
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string answer;
        try { answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60)); }
        catch (IOException) { answer = ""; } // the server reset the connection without an answer
        if (status == 0) Assert.Equal("", answer);
        else
        {
            Assert.StartsWith($"HTTP/1.1 {status}", answer);
            var json = answer[answer.IndexOf('{')..];
            Assert.Contains("\"code\"", json);
        }
        Assert.Equal(0, await stored.CountAllAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.True(log.Faults.IsEmpty, string.Join("\n", log.Faults));
    }
}
