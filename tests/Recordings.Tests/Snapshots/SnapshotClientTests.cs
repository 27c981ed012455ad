using Microsoft.Playwright;
using Modules.Environments.Contracts;
using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;
using static Recordings.Tests.Snapshots.SnapshotClients;

namespace Recordings.Tests.Snapshots;

/// <summary>
/// Real recordings made in Chromium read back through the snapshots API the way PostHog's clients read it, with every
/// way of decoding gzip: every stored event comes back exactly once, hot, mixed and cold, and also when the archive
/// job moves the hot part between a client's list and its reads.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SnapshotClientTests(Chromium chromium) : IAsyncLifetime
{
    private RecordingsApp app = null!;
    private TestSite site = null!;
    private EnvironmentInfo env = null!;
    private IBrowserContext recording = null!;
    private IBrowserContext reading = null!;
    private RecordedSession session = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync(int segmentBytes)
    {
        app = new RecordingsApp(settings: StorageTestSite.Settings(("Storage:SegmentBytes", segmentBytes.ToString())));
        site = await TestSite.StartAsync();
        env = await CaptureEnvironment.CreateAsync(app);
        recording = await chromium.Browser.NewContextAsync();
        reading = await chromium.Browser.NewContextAsync();
        session = new RecordedSession(app, site, env, recording);
    }

    private async Task<SnapshotClients> ClientsAsync()
    {
        var key = await CaptureEnvironment.ApiKeyAsync(app, ApiScopes.RecordingRead);
        var page = await reading.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/healthz").ToString());
        return new SnapshotClients(app.BaseAddress, key, $"/api/projects/{env.Id}/session_recordings/{session.SessionId}", page);
    }

    [Fact]
    public async Task Every_event_of_a_two_tab_recording_comes_back_exactly_once_hot_mixed_and_cold_to_every_client_and_decoder()
    {
        await StartAsync(segmentBytes: 2_000);
        await session.RecordTabAsync(loads: 3);
        await session.RecordTabAsync(loads: 1);
        var clients = await ClientsAsync();

        var hot = await AssertEveryLineOnceAsync(clients);
        Assert.Equal(2, RecordedSession.Windows(hot));
        Assert.True(hot.Count(l => l.Contains("{\"type\":4,")) >= 4, "a meta event per page load");
        Assert.Single(await clients.ListAsync());

        await ArchiveAsync();
        await session.RecordTabAsync(loads: 2);
        var mixed = await AssertEveryLineOnceAsync(clients);
        var sources = await clients.ListAsync();
        Assert.True(sources.Count >= 3, $"segments and the hot part: {sources.Count}");
        Assert.Equal(3, RecordedSession.Windows(mixed));

        await ArchiveAsync();
        var cold = await AssertEveryLineOnceAsync(clients);
        Assert.All(await clients.ListAsync(), s => Assert.True(long.Parse(s.Key) < SnapshotSource.HotKeyBase));
        Assert.Equal(mixed, cold);
    }

    [Fact]
    public async Task A_client_that_listed_before_the_archive_job_moved_the_hot_part_into_several_segments_still_gets_every_event_once()
    {
        await StartAsync(segmentBytes: 500);
        await session.RecordTabAsync(loads: 2);
        await ArchiveAsync();
        await session.RecordTabAsync(loads: 1);
        var clients = await ClientsAsync();
        var listed = await clients.ListAsync();
        var segmentsListed = listed.Count - 1;
        Assert.True(segmentsListed >= 1 && long.Parse(listed[^1].Key) == SnapshotSource.HotKeyBase + segmentsListed);

        // Between the list and the reads: more events arrive, and the job moves every hot chunk into new segments.
        await session.RecordTabAsync(loads: 1);
        await ArchiveAsync();
        Assert.True(StoredData.SegmentFiles(app.DataDirectory, session.SessionId).Count >= segmentsListed + 2, "the hot part became several segments");
        var stored = await session.StoredLinesAsync();
        Assert.Empty(await new CapturedData(app.DataDirectory).ChunksAsync(session.SessionId));

        foreach (var decoder in All)
        {
            Assert.Equal(stored, Sorted(await clients.ReadAsRangeAsync(listed, decoder)));
            Assert.Equal(stored, Sorted(await clients.ReadOneByOneAsync(listed, decoder)));
        }
        // A list made now names the same events, each once, in other entries.
        Assert.Equal(stored, Sorted(await clients.ReadAsRangeAsync(await clients.ListAsync(), Decoder.Curl)));
    }

    [Fact]
    public async Task Gzip_refused_with_q_0_gets_plain_lines_and_every_answer_says_it_varies_by_accept_encoding()
    {
        await StartAsync(segmentBytes: 20_000);
        await session.RecordTabAsync(loads: 1);
        var clients = await ClientsAsync();
        var key = (await clients.ListAsync())[0].Key;
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await CaptureEnvironment.ApiKeyAsync(app, ApiScopes.RecordingRead));
        foreach (var (acceptEncoding, gzip) in new[] { ("gzip;q=0, identity", false), ("gzip;q=0.5", true), ("*", true), ("br, *;q=0", false), ("deflate", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{env.Id}/session_recordings/{session.SessionId}/snapshots?source=blob_v2&blob_key={key}");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            using var response = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.True(gzip == response.Content.Headers.ContentEncoding.Contains("gzip"), acceptEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            var body = await response.Content.ReadAsByteArrayAsync();
            var text = gzip ? FirstMember(body) : System.Text.Encoding.UTF8.GetString(body);
            Assert.Equal(await session.StoredLinesAsync(), Sorted(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList()));
        }
    }

    [Fact]
    public async Task A_PostHog_client_paging_by_has_next_and_by_next_reads_every_event_of_every_recording_once()
    {
        await StartAsync(segmentBytes: 2_000);
        await session.RecordTabAsync(loads: 2);
        await ArchiveAsync();
        await session.RecordTabAsync(loads: 1);
        var others = new List<(IBrowserContext Context, RecordedSession Session)>();
        foreach (var loads in new[] { 1, 2 })
        {
            var context = await chromium.Browser.NewContextAsync();
            var other = new RecordedSession(app, site, env, context);
            await other.RecordTabAsync(loads);
            others.Add((context, other));
        }
        var sessions = others.Select(o => o.Session).Prepend(session).ToList();
        var key = await CaptureEnvironment.ApiKeyAsync(app, ApiScopes.RecordingRead);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var list = $"/api/projects/{env.Id}/session_recordings";

        // As PostHog's current clients page: has_next and offset.
        var byOffset = new List<string>();
        for (var offset = 0; ; offset++)
        {
            var page = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"{list}?limit=1&offset={offset}")).RootElement;
            byOffset.AddRange(page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            if (!page.GetProperty("has_next").GetBoolean() || offset > 10) break;
        }
        // As older clients page: following next.
        var byNext = new List<string>();
        for (string? url = $"{list}?limit=1"; url is not null;)
        {
            var page = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url)).RootElement;
            byNext.AddRange(page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            url = page.GetProperty("next").GetString();
            Assert.True(byNext.Count <= 10, "next never ran out");
        }
        Assert.Equal(sessions.Select(s => s.SessionId).Order(), byOffset.Order());
        Assert.Equal(byOffset, byNext);

        var browserPage = await reading.NewPageAsync();
        await browserPage.GotoAsync(new Uri(app.BaseAddress, "/healthz").ToString());
        foreach (var recorded in sessions)
        {
            var clients = new SnapshotClients(app.BaseAddress, key, $"{list}/{recorded.SessionId}", browserPage);
            foreach (var decoder in new[] { Decoder.Curl, Decoder.FirstMemberOnly, Decoder.BrowserFetch })
                await Eventually.TrueAsync(async () => (await recorded.StoredLinesAsync()).SequenceEqual(Sorted(await clients.ReadAsRangeAsync(await clients.ListAsync(), decoder))),
                    $"every stored line of {recorded.SessionId} once through {decoder}");
        }
        Assert.Contains(await new SnapshotClients(app.BaseAddress, key, $"{list}/{session.SessionId}", browserPage).ListAsync(), s => long.Parse(s.Key) < SnapshotSource.HotKeyBase);
        foreach (var (context, _) in others) await context.CloseAsync();
    }

    /// <summary>Every client reads every listed source with every decoder; each must give each stored line once.</summary>
    private async Task<List<string>> AssertEveryLineOnceAsync(SnapshotClients clients)
    {
        // Lines a tab sent while it unloaded may still be on their way: read again until the stored lines held still.
        for (var attempt = 0; ; attempt++)
        {
            var stored = await session.StoredLinesAsync();
            var sources = await clients.ListAsync();
            var reads = new List<(string What, List<string> Lines)>();
            foreach (var decoder in All)
            {
                reads.Add(($"range, {decoder}", Sorted(await clients.ReadAsRangeAsync(sources, decoder))));
                reads.Add(($"one by one, {decoder}", Sorted(await clients.ReadOneByOneAsync(sources, decoder))));
            }
            if (attempt < 5 && !stored.SequenceEqual(await session.StoredLinesAsync())) continue;
            Assert.NotEmpty(stored);
            foreach (var (what, lines) in reads) Assert.True(stored.SequenceEqual(lines), $"{what}: {lines.Count} lines read, {stored.Count} stored");
            return stored;
        }
    }

    private async Task ArchiveAsync() =>
        Assert.Equal("succeeded", (await StoredData.Module(app).Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);

    private static List<string> Sorted(List<string> lines) => lines.Order(StringComparer.Ordinal).ToList();

    public async Task DisposeAsync()
    {
        if (recording is not null) await recording.CloseAsync();
        if (reading is not null) await reading.CloseAsync();
        if (site is not null) await site.DisposeAsync();
        app?.Dispose();
    }
}
