using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Modules.Recordings.Contracts;
using Modules.Sharing;
using Recordings.Tests.Capture;

namespace Recordings.Tests.Api;

public sealed class SnapshotTests
{
    private static readonly Dictionary<string, string?> ArchiveAtOnce = new() { ["Storage:ColdAfterSeconds"] = "0" };

    /// <summary>Records generated session 12 (two tabs): the first half, then the archive job, then the rest.</summary>
    internal static async Task<(ApiFixture Api, CorpusSession Corpus)> PartColdPartHotAsync(string session)
    {
        var api = await ApiFixture.StartAsync(ArchiveAtOnce);
        var corpus = CorpusSession.Generate(12);
        var upload = new CorpusUpload(api.App.NewClient(), api.Environment.Token, session, corpus);
        var batches = upload.Batches();
        await upload.SendAsync(batches.Take(batches.Count / 2));
        var run = await api.Recordings().Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots);
        Assert.True(run.Outcome == "succeeded", run.Error);
        await upload.SendAsync(batches.Skip(batches.Count / 2));
        return (api, corpus);
    }

    private static async Task<string> ReadSourceAsync(HttpClient http, string url, bool gzip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (gzip) request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(gzip, response.Content.Headers.ContentEncoding.Contains("gzip"));
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(gzip ? new GZipStream(body, CompressionMode.Decompress) : body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task A_part_cold_part_hot_recording_comes_back_complete_in_order_and_equal_to_what_the_browser_recorded()
    {
        var (api, corpus) = await PartColdPartHotAsync("corpus-12");
        using var _ = api;
        var reader = await api.ReaderAsync();
        var sources = (await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/corpus-12/snapshots/"))).GetProperty("sources").EnumerateArray().ToList();
        Assert.True(sources.Count >= 2, $"sources: {sources.Count}");
        Assert.All(sources, s => Assert.Equal("blob_v2", s.GetProperty("source").GetString()));
        Assert.Equal((SnapshotSource.HotKeyBase + sources.Count - 1).ToString(), sources[^1].GetProperty("blob_key").GetString());
        Assert.Equal("mixed", (await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/corpus-12"))).GetProperty("storage").GetString());
        var starts = sources.Select(s => s.GetProperty("start_timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(starts.Order(), starts);

        // The viewport comes from the first meta event, here inside the first cold segment.
        var firstMeta = corpus.Lines.First(l => l.Event["type"]!.GetValue<int>() == 4).Event["data"]!;
        var properties = (await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/properties?session_ids=corpus-12"))).GetProperty("results")[0];
        Assert.Equal(firstMeta["width"]!.GetValue<int>(), properties.GetProperty("viewport_width").GetInt32());

        var lines = new List<(string Window, JsonObject Event)>();
        foreach (var s in sources)
        {
            var url = $"{api.Base}/corpus-12/snapshots?source={s.GetProperty("source").GetString()}"
                + (s.GetProperty("blob_key").GetString() is { } key ? "&blob_key=" + Uri.EscapeDataString(key) : "");
            var plain = await ReadSourceAsync(reader, url, gzip: false);
            Assert.Equal(plain, await ReadSourceAsync(reader, url, gzip: true));
            foreach (var line in plain.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = JsonNode.Parse(line)!.AsArray();
                lines.Add((pair[0]!.GetValue<string>(), pair[1]!.AsObject()));
            }
        }

        Assert.Equal(corpus.Lines.Count, lines.Count);
        foreach (var window in corpus.Windows)
        {
            var recorded = corpus.Lines.Where(l => l.Window == window).Select(l => l.Event).ToList();
            var served = lines.Where(l => l.Window == window).Select(l => l.Event).ToList();
            Assert.Equal(recorded.Count, served.Count);
            long? previousShift = null;
            for (var i = 0; i < recorded.Count; i++)
            {
                // The server moved each batch onto its clock by one offset that only grows (see CorpusUpload).
                var shift = served[i]["timestamp"]!.GetValue<long>() - recorded[i]["timestamp"]!.GetValue<long>();
                Assert.True(previousShift is null || shift >= previousShift, $"event {i} of {window} out of order");
                previousShift = shift;
                var expected = recorded[i].DeepClone().AsObject();
                expected["timestamp"] = served[i]["timestamp"]!.GetValue<long>();
                Assert.True(JsonNode.DeepEquals(expected, served[i]), $"event {i} of window {window} differs");
            }
        }
    }

    [Fact]
    public async Task Deleting_a_recording_removes_every_byte_of_it_hot_and_cold_and_its_share_link()
    {
        var (api, _) = await PartColdPartHotAsync("doomed");
        using var __ = api;
        await api.Seeder.ShopVisitAsync("survivor");
        var admin = await api.AdminAsync();
        var shared = await SeededApi.JsonOf(await admin.PatchAsJsonAsync(api.Base + "/doomed/sharing", new { enabled = true }));
        var token = shared.GetProperty("access_token").GetString()!;
        var sharing = api.App.Service(sp => sp.GetRequiredService<ISharingModule>());
        Assert.NotNull(await sharing.ResolveAsync(token));
        var cold = Path.Combine(api.App.DataDirectory, "cold");
        // Segment files only: the storage lock file (.lock) belongs to no recording.
        List<string> Segments() => Directory.EnumerateFiles(cold, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        Assert.NotEmpty(Segments());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(api.Base + "/doomed/")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(api.Base + "/doomed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(api.Base + "/doomed/snapshots")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(api.Base + "/doomed/sharing")).StatusCode);
        Assert.Null(await sharing.ResolveAsync(token));
        Assert.False((await sharing.GetAsync(api.Environment.Id, "doomed")).Enabled);
        var left = Segments();
        Assert.True(left.Count == 0, "left in cold: " + string.Join(", ", left));
        var data = new CapturedData(api.App.DataDirectory);
        Assert.Equal(1, await data.CountAsync("recordings"));
        Assert.DoesNotContain("doomed", await data.EverythingAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(api.Base + "/survivor")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(api.Base + "/doomed")).StatusCode);
    }

    [Theory]
    [InlineData("?source=s3", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob&blob_key=nope", HttpStatusCode.NotFound)]
    [InlineData("?source=blob_v2", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob_v2&start_blob_key=0", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob_v2&blob_key=0&start_blob_key=0&end_blob_key=0", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob_v2&start_blob_key=a&end_blob_key=1", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob_v2&start_blob_key=-1&end_blob_key=1", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob_v2&start_blob_key=2&end_blob_key=1", HttpStatusCode.BadRequest)]
    [InlineData("?source=blob_v2&blob_key=0", HttpStatusCode.NotFound)]
    [InlineData("?source=blob_v2&blob_key=1000000001", HttpStatusCode.NotFound)]
    [InlineData("?source=blob_v2_lts&blob_key=0", HttpStatusCode.NotFound)]
    [InlineData("?source=blob_v2&blob_key=1000000000&decompress=false", HttpStatusCode.BadRequest)]
    [InlineData("?source=realtime&version=2023-01-01", HttpStatusCode.BadRequest)]
    public async Task A_source_that_was_not_listed_is_refused(string query, HttpStatusCode status)
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("s");
        var reader = await api.ReaderAsync();
        var response = await reader.GetAsync(api.Base + "/s/snapshots" + query);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(JsonValueKind.Object, (await SeededApi.JsonOf(response)).ValueKind);
    }

    [Fact]
    public async Task The_hot_part_reads_as_blob_v2_as_blob_v2_lts_and_as_realtime_in_both_of_PostHogs_versions()
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("s");
        var reader = await api.ReaderAsync();
        var listed = (await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/s/snapshots"))).GetProperty("sources").EnumerateArray().Single();
        Assert.Equal("blob_v2", listed.GetProperty("source").GetString());
        Assert.Equal("1000000000", listed.GetProperty("blob_key").GetString());
        Assert.EndsWith("Z", listed.GetProperty("start_timestamp").GetString());

        var lines = await reader.GetStringAsync(api.Base + "/s/snapshots?source=blob_v2&blob_key=1000000000");
        Assert.NotEmpty(lines);
        Assert.Equal(lines, await reader.GetStringAsync(api.Base + "/s/snapshots?source=blob_v2&start_blob_key=1000000000&end_blob_key=1000000000"));
        Assert.Equal(lines, await reader.GetStringAsync(api.Base + "/s/snapshots?source=blob_v2_lts&blob_key=1000000000&decompress=true"));
        Assert.Equal(lines, await reader.GetStringAsync(api.Base + "/s/snapshots?source=realtime"));
        Assert.Equal(lines, await reader.GetStringAsync(api.Base + "/s/snapshots?source=realtime&version=2024-04-30"));

        // PostHog's original realtime answer: one JSON object whose snapshots are the lines, in order.
        var og = await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/s/snapshots?source=realtime&version=og"));
        var expected = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.ToJsonString()).ToList();
        Assert.Equal(expected, og.GetProperty("snapshots").EnumerateArray().Select(e => JsonNode.Parse(e.GetRawText())!.ToJsonString()).ToList());
    }
}
