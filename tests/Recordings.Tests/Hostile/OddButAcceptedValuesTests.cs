using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Recordings.Tests.Capture;
using Recordings.Tests.DashboardPages;
using Recordings.Tests.Support;

namespace Recordings.Tests.Hostile;

/// <summary>
/// Whatever ingestion accepts, every reader reads: odd-but-valid values go in, and every read endpoint, the dashboard's
/// list and player and the share page answer without a 5xx, list every recording and play. Values stored before
/// ingestion checked them (written straight into the database here) break nothing either.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OddButAcceptedValuesTests(Chromium chromium) : IDisposable
{
    private readonly RecordingsApp app = new();

    public void Dispose() => app.Dispose();

    private const string Emoji = "\\ud83d\\ude00"; // an escaped surrogate pair: valid, and one character

    private static string OddBatch(string token, string session, long sequence, bool withSnapshots = true)
    {
        var t = IngestClient.Now - 5000;
        var deep = HostileBodies.Nested(31);
        var huge = new string('x', 7000);
        string[] events =
        [
            $$$$"""{"type":"pageview","timestamp":{{{{t}}}},"url":"https://site.test/{{{{Emoji}}}}?q=1","properties":{"referrer":"https://ref.test/{{{{Emoji}}}}"}}""",
            $$$$"""{"type":"identify","timestamp":{{{{t + 1}}}},"name":"user-{{{{Emoji}}}}","properties":{"email":"a{{{{Emoji}}}}@b.test","deep":{{{{deep}}}},"huge":"{{{{huge}}}}"}}""",
            $$$$"""{"type":"click","timestamp":{{{{t + 2}}}},"selector":"button.{{{{Emoji}}}}","text":"{{{{string.Concat(Enumerable.Repeat(Emoji, 100))}}}}"}""",
            $$$$"""{"type":"input","timestamp":{{{{t + 3}}}} }""",
            $$$$"""{"type":"error","timestamp":{{{{t + 4}}}},"text":"TypeError: {{{{Emoji}}}}","properties":{"stack":"at f ({{{{Emoji}}}}.js:1:2)\n at g","line":1}}""",
            $$$$"""{"type":"console","timestamp":{{{{t + 5}}}},"name":"error","text":"{{{{Emoji}}}}"}""",
            $$$$"""{"type":"custom","timestamp":{{{{t + 6}}}},"name":"odd","properties":{"list":[[],[{}],null,true,1e300,-0.0,"{{{{Emoji}}}}"]}}""",
            $$$$"""{"type":"pageleave","timestamp":{{{{t + 7}}}} }""",
        ];
        string[] snapshots =
        [
            $$$$"""{"type":0,"timestamp":{{{{t + 10}}}} }""",
            $$$$"""{"type":1,"timestamp":{{{{t + 11}}}},"data":{}}""",
            $$$$"""{"type":4,"timestamp":{{{{t + 12}}}},"data":{"href":"https://site.test/{{{{Emoji}}}}"}}""",
            $$$$"""{"type":2,"timestamp":{{{{t + 13}}}},"data":{"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"tagName":"body","attributes":{"data-x":"{{{{Emoji}}}}"},"childNodes":[{"type":3,"textContent":"Odd page {{{{Emoji}}}} {{{{new string('y', 1_000_000)}}}}","id":4}],"id":3}],"id":2}],"id":1},"initialOffset":{"left":0,"top":0}}}""",
            $$$$"""{"type":3,"timestamp":{{{{t + 14}}}},"data":{"source":3,"id":1,"x":0,"y":0}}""",
            $$$$"""{"type":3,"timestamp":{{{{t + 15}}}},"data":{"source":2,"type":2,"id":3}}""",
            $$$$"""{"type":5,"timestamp":{{{{t + 16}}}},"data":{"tag":"{{{{Emoji}}}}"}}""",
            $$$$"""{"type":6,"timestamp":{{{{t + 17}}}},"data":{"plugin":"some/other@1"}}""",
            $$$$"""{"type":6,"timestamp":{{{{t + 18}}}},"data":{"plugin":"rrweb/console@1","payload":{"level":"log","payload":[]}}}""",
            $$$$"""{"type":7,"timestamp":{{{{t + 19}}}} }""",
        ];
        return $$$$"""{"token":"{{{{token}}}}","session_id":"{{{{session}}}}","window_id":"w1","sequence":{{{{sequence}}}},"sent_at":{{{{IngestClient.Now}}}},"events":[{{{{string.Join(",", events)}}}}],"snapshots":[{{{{(withSnapshots ? string.Join(",", snapshots) : "")}}}}]}""";
    }

    [Fact]
    public async Task Every_reader_reads_every_odd_value_ingestion_accepts_and_the_player_and_share_page_play_it()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var key = await CaptureEnvironment.ApiKeyAsync(app, "session_recording:write", "sharing_configuration:write");
        using var http = app.NewClient();
        var client = new IngestClient(http, env.Token);
        var plain = await client.PostAsync("/ingest/batch", Encoding.UTF8.GetBytes(OddBatch(env.Token, "odd", 1)));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        // The same as the SDK's split body, in a second session.
        var batch = JsonNode.Parse(OddBatch(env.Token, "odd-split", 1))!.AsObject();
        var (envelope, lines) = IngestClient.Split(batch);
        Assert.Equal(HttpStatusCode.OK, (await client.SendSplitAsync(envelope, lines)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/ingest/batch", Encoding.UTF8.GetBytes(OddBatch(env.Token, "odd-behaviour", 1, withSnapshots: false)))).StatusCode);

        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var api = $"/api/projects/{env.Id}";
        var list = await ReadAsync(http, $"{api}/session_recordings?snapshot_source=all");
        Assert.Equal(3, list.GetProperty("results").GetArrayLength());
        foreach (var session in new[] { "odd", "odd-split" })
        {
            var recordings = $"{api}/session_recordings/{session}";
            Assert.Equal(session, (await ReadAsync(http, recordings)).GetProperty("id").GetString());
            var sources = (await ReadAsync(http, $"{recordings}/snapshots")).GetProperty("sources");
            foreach (var source in sources.EnumerateArray())
            {
                var url = $"{recordings}/snapshots?source={source.GetProperty("source").GetString()}"
                    + (source.TryGetProperty("blob_key", out var blob) && blob.ValueKind == JsonValueKind.String ? "&blob_key=" + Uri.EscapeDataString(blob.GetString()!) : "");
                var data = await http.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, data.StatusCode);
                Assert.Contains("Odd page", await data.Content.ReadAsStringAsync());
            }
            await ReadAsync(http, $"{api}/sessions/{session}/events");
            await ReadAsync(http, $"{recordings}/similar_sessions");
            await ReadAsync(http, $"{api}/session_recordings/matching_events?session_ids={session}&event=click");
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"{recordings}/summarize", null)).StatusCode);
            await ReadAsync(http, $"{recordings}/sharing");
        }
        await ReadAsync(http, $"{api}/session_recordings/properties?session_ids=odd,odd-split,odd-behaviour");
        Assert.True((await ReadAsync(http, $"{api}/session_recordings/error_clusters")).GetProperty("results").GetArrayLength() > 0);

        var share = await http.PatchAsJsonAsync($"{api}/session_recordings/odd/sharing", new { enabled = true });
        var token = (await share.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        await AssertPlaysAsync(env.Id, "odd", token, skipped: 0);
    }

    [Fact]
    public async Task Values_stored_before_ingestion_checked_them_break_no_list_no_reader_and_no_player()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var key = await CaptureEnvironment.ApiKeyAsync(app, "session_recording:read", "sharing_configuration:write");
        using var http = app.NewClient();
        var client = new IngestClient(http, env.Token);
        foreach (var session in new[] { "poisoned", "neighbour" })
        {
            var batch = client.Batch(session, sequence: 1);
            batch["events"]!.AsArray().Add(new JsonObject { ["type"] = "error", ["text"] = "boom", ["timestamp"] = IngestClient.Now - 1 });
            batch["events"]!.AsArray().Add(new JsonObject { ["type"] = "pageview", ["url"] = "https://site.test/", ["timestamp"] = IngestClient.Now - 2 });
            batch["snapshots"]!.AsArray().Add(JsonNode.Parse($$$$"""{"type":2,"timestamp":{{{{IngestClient.Now - 3}}}},"data":{"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"tagName":"body","attributes":{},"childNodes":[{"type":3,"textContent":"Still plays","id":4}],"id":3}],"id":2}],"id":1},"initialOffset":{"left":0,"top":0}}}"""));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(batch)).StatusCode);
        }
        // What ingestion accepted before issue 15: lone surrogates and deep nesting in properties, rrweb events its player cannot use.
        var deep = HostileBodies.Nested(100);
        Write("UPDATE recordings SET PersonPropertiesJson = $p, DistinctId = 'someone' WHERE SessionId = 'poisoned'", ("$p", $$$$"""{"email":"\ud800","deep":{{{{deep}}}} }"""));
        Write("UPDATE behavior_events SET PropertiesJson = $p WHERE Type = 'error'", ("$p", """{"stack":"\ud800","line":1}"""));
        Write("UPDATE behavior_events SET PropertiesJson = $p WHERE Type = 'pageview'", ("$p", $$$$"""{"referrer":"\udc00","deep":{{{{deep}}}} }"""));
        var t = IngestClient.Now;
        var bad = $$$$"""["w1",{"type":4,"timestamp":{{{{t}}}} }]""" + "\n" + $$$$"""["w1",{"type":6,"timestamp":{{{{t + 1}}}},"data":{"plugin":"rrweb/console@1","payload":"not an object"}}]""" + "\nnot json\n";
        Write("INSERT INTO snapshot_chunks (RecordingId, WindowId, Sequence, FirstTimestampMs, LastTimestampMs, EventCount, RawByteLength, GzipData) " +
              "SELECT Id, 'w1', 99, $t, $t + 1, 3, $n, $g FROM recordings WHERE SessionId = 'poisoned'",
            ("$t", t), ("$n", Encoding.UTF8.GetByteCount(bad)), ("$g", IngestClient.Gzip(Encoding.UTF8.GetBytes(bad))));

        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var api = $"/api/projects/{env.Id}/session_recordings";
        Assert.Equal(2, (await ReadAsync(http, api)).GetProperty("results").GetArrayLength());
        Assert.Equal("someone", (await ReadAsync(http, $"{api}/poisoned")).GetProperty("person").GetProperty("name").GetString());
        Assert.Equal(2, (await ReadAsync(http, $"{api}/properties?session_ids=poisoned,neighbour")).GetProperty("results").GetArrayLength());
        Assert.True((await ReadAsync(http, $"{api}/error_clusters")).GetProperty("results").GetArrayLength() > 0);
        await ReadAsync(http, $"/api/projects/{env.Id}/sessions/poisoned/events");
        await ReadAsync(http, $"{api}/neighbour/similar_sessions");

        var share = await http.PatchAsJsonAsync($"{api}/poisoned/sharing", new { enabled = true });
        var token = (await share.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        await AssertPlaysAsync(env.Id, "poisoned", token, skipped: 3);
    }

    /// <summary>The dashboard lists the recording, its player and its share page become ready, having skipped that many events.</summary>
    private async Task AssertPlaysAsync(int environmentId, string session, string shareToken, int skipped)
    {
        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, app);
        var listPage = await admin.GotoAsync(new Uri(app.BaseAddress, $"/environments/{environmentId}/recordings").ToString());
        Assert.Equal(200, listPage!.Status);
        Assert.Contains(session, await admin.ContentAsync());
        foreach (var path in new[] { $"/environments/{environmentId}/recordings/{session}", $"/shared/{shareToken}" })
        {
            var page = path.StartsWith("/shared/", StringComparison.Ordinal) ? await (await chromium.Browser.NewContextAsync()).NewPageAsync() : admin;
            var response = await page.GotoAsync(new Uri(app.BaseAddress, path).ToString(), DashboardBrowser.PlayerPage);
            Assert.Equal(200, response!.Status);
            await page.WaitForSelectorAsync("#player-root[data-ready=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30000 });
            Assert.Equal(skipped == 0 ? null : skipped.ToString(), await page.GetAttributeAsync("#player-root", "data-skipped-events"));
        }
    }

    private void Write(string sql, params (string Name, object Value)[] args)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "recordings.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value);
        Assert.True(command.ExecuteNonQuery() > 0, sql);
    }

    private static async Task<JsonElement> ReadAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
