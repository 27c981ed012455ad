using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Npgsql;
using Recordings.Tests.Api;
using Recordings.Tests.Support;

namespace Recordings.Tests.ScaleOut;

/// <summary>
/// Two server hosts on two loopback ports sharing one PostgreSQL database and one cold directory, as two nodes
/// behind a load balancer would.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TwoNodeTests : IDisposable
{
    private readonly string database = PostgresServer.NewDatabase();
    private readonly string cold = TempDirectory.Create("shared-cold");
    private readonly RecordingsApp a;
    private readonly RecordingsApp b;

    public TwoNodeTests()
    {
        a = new RecordingsApp(settings: NodeSettings());
        b = new RecordingsApp(settings: NodeSettings());
    }

    private Dictionary<string, string?> NodeSettings()
    {
        var settings = PostgresServer.Settings(database);
        settings["Storage:ColdDirectory"] = cold;
        settings["Storage:ColdAfterSeconds"] = "0";
        return settings;
    }

    private static async Task<T> In<T>(RecordingsApp app, Func<IServiceProvider, Task<T>> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider);
    }

    [Fact]
    public async Task Two_hundred_concurrent_reservations_across_both_nodes_against_a_quota_of_fifty_grant_exactly_fifty()
    {
        var env = await In(a, sp => EnvironmentsRoles.Of(sp).Catalog.CreateEnvironmentAsync("two nodes"));
        await In(a, sp => EnvironmentsRoles.Of(sp).Catalog.UpdateEnvironmentAsync(env.Id, env.Name, env.Settings with { PlaybackQuota = 50, ManualPlaybackStart = true }));

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            In(i % 2 == 0 ? a : b, sp => EnvironmentsRoles.Of(sp).Rules.RequestPlaybackAsync(env.Id, $"session-{i}")))));

        Assert.Equal(50, decisions.Count(d => d.Mode == TrackingMode.Playback));
        Assert.All(decisions.Where(d => d.Mode == TrackingMode.Behavior), d => Assert.Equal(TrackingReasons.QuotaExhausted, d.Reason));
        Assert.Equal(50, (await In(b, sp => EnvironmentsRoles.Of(sp).Rules.GetPlaybackQuotaUsageAsync(env.Id))).Used);
    }

    [Fact]
    public async Task Both_nodes_running_the_archive_job_at_once_move_every_chunk_exactly_once()
    {
        var env = await Capture.CaptureEnvironment.CreateAsync(a);
        var seederA = new RecordingSeeder(a.NewClient(), env.Token);
        var seederB = new RecordingSeeder(b.NewClient(), env.Token);
        for (var i = 0; i < 6; i++) await (i % 2 == 0 ? seederA : seederB).ShopVisitAsync($"visit-{i}");
        var hotBefore = await Count("""SELECT count(*) FROM recordings.snapshot_chunks""");
        Assert.True(hotBefore >= 6, $"hot chunks: {hotBefore}");

        var runs = await Task.WhenAll(
            Task.Run(() => RecordingsRoles.Of(a).Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)),
            Task.Run(() => RecordingsRoles.Of(b).Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)));

        Assert.All(runs, r => Assert.Equal("succeeded", r.Outcome));
        Assert.Equal(0, await Count("""SELECT count(*) FROM recordings.snapshot_chunks"""));
        Assert.Equal(hotBefore, await Count("""SELECT count(*) FROM recordings.cold_chunks"""));
        Assert.Equal(hotBefore, await Count("""SELECT count(DISTINCT "ChunkId") FROM recordings.cold_chunks"""));
        // Every indexed segment is a file in the shared directory, and no file is left that the index does not name.
        var indexed = await Count("""SELECT count(*) FROM recordings.cold_segments""");
        Assert.Equal(indexed, Directory.EnumerateFiles(cold, "*", SearchOption.AllDirectories).Count(f => !Path.GetFileName(f).StartsWith('.')));
        // Each node reads back what the other moved.
        var reader = await ApiKeyClient(b);
        foreach (var i in Enumerable.Range(0, 6))
        {
            var sources = await SeededApi.JsonOf(await reader.GetAsync($"/api/projects/{env.Id}/session_recordings/visit-{i}/snapshots"));
            Assert.NotEmpty(sources.GetProperty("sources").EnumerateArray());
        }
    }

    [Fact]
    public async Task An_admin_signed_in_on_node_A_is_signed_in_on_node_B()
    {
        var cookies = new CookieContainer();
        using var onA = new Dashboard(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = a.BaseAddress });
        await onA.SignInAsync();
        var cookie = cookies.GetCookies(a.BaseAddress)["recordings.admin"] ?? throw new InvalidOperationException("No sign-in cookie.");

        using var toB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = b.BaseAddress };
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/environments");
        signedIn.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        var answer = await toB.SendAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/environments");
        var refused = await toB.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }

    /// <summary>Node B caches an environment's settings for ingestion (2 s, README "Scale out"); past that it obeys A's change.</summary>
    [Fact]
    public async Task Recording_turned_off_in_the_dashboard_on_node_A_is_obeyed_by_node_B_within_the_two_second_settings_cache()
    {
        using var dashboard = new Dashboard(a);
        await dashboard.SignInAsync();
        var env = await Capture.CaptureEnvironment.CreateAsync(a);
        var ingestB = new Capture.IngestClient(b.NewClient(), env.Token);
        // B has the environment's settings in its cache, recording on.
        Assert.Equal(HttpStatusCode.OK, (await ingestB.SendAsync(ingestB.Batch("before", 0))).StatusCode);

        var (settings, page) = await dashboard.GetAsync($"/environments/{env.Id}");
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var (saved, _) = await dashboard.SubmitAsync(page, "main form button[type=submit]", uncheck: ["recordingEnabled"]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var changed = System.Diagnostics.Stopwatch.StartNew();

        // Every batch sent to B two seconds or more after the change is refused; poll until one is (deadline: 10 s).
        for (var attempt = 0; ; attempt++)
        {
            var sentAfter = changed.Elapsed;
            var answer = await ingestB.SendAsync(ingestB.Batch($"after-{attempt}", 0));
            if (answer.StatusCode == HttpStatusCode.Forbidden)
            {
                Assert.Contains("recording_disabled", await answer.Content.ReadAsStringAsync());
                break;
            }
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True(sentAfter < TimeSpan.FromSeconds(2), $"Node B still recorded a batch sent {sentAfter.TotalMilliseconds:F0} ms after node A turned recording off.");
            Assert.True(changed.Elapsed < TimeSpan.FromSeconds(10), "No answer from node B within the deadline.");
            await Task.Delay(50);
        }
        // And the setting holds on B from then on, as on A.
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestB.SendAsync(ingestB.Batch("later", 0))).StatusCode);
        var ingestA = new Capture.IngestClient(a.NewClient(), env.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestA.SendAsync(ingestA.Batch("on-a", 0))).StatusCode);
    }

    /// <summary>
    /// Node B keeps the compressed copy of a snapshot answer and the list's total (10 s, README "Scale out"); a recording
    /// deleted on node A is not served by B from either: its snapshots are gone on B at once, its total within the 10 s.
    /// </summary>
    [Fact]
    public async Task A_recording_deleted_on_node_A_is_not_served_by_node_B_from_its_caches()
    {
        var env = await Capture.CaptureEnvironment.CreateAsync(a);
        var seeder = new RecordingSeeder(b.NewClient(), env.Token);
        await seeder.ShopVisitAsync("kept");
        await seeder.ShopVisitAsync("deleted");
        var onA = await ApiKeyClient(a, ApiScopes.RecordingWrite);
        var onB = await ApiKeyClient(b);
        var list = $"/api/projects/{env.Id}/session_recordings?date_from=all";
        async Task<int> TotalOnB() => (await SeededApi.JsonOf(await onB.GetAsync(list))).GetProperty("count").GetInt32();
        // B answers the snapshots gzipped (its kept copy) and counts both recordings (its cached total).
        var snapshots = $"/api/projects/{env.Id}/session_recordings/deleted/snapshots";
        var source = (await SeededApi.JsonOf(await onB.GetAsync(snapshots))).GetProperty("sources")[0];
        using var gzip = new HttpRequestMessage(HttpMethod.Get, $"{snapshots}?source={source.GetProperty("source").GetString()}&blob_key={source.GetProperty("blob_key").GetString()}");
        gzip.Headers.AcceptEncoding.ParseAdd("gzip");
        using (var first = await onB.SendAsync(gzip)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, await TotalOnB());

        Assert.Equal(HttpStatusCode.NoContent, (await onA.DeleteAsync($"/api/projects/{env.Id}/session_recordings/deleted")).StatusCode);
        var deleted = System.Diagnostics.Stopwatch.StartNew();

        using var again = new HttpRequestMessage(HttpMethod.Get, gzip.RequestUri);
        again.Headers.AcceptEncoding.ParseAdd("gzip");
        Assert.Equal(HttpStatusCode.NotFound, (await onB.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync(snapshots)).StatusCode);
        // The list's rows come from the database at once; its total is B's cached one until it expires (10 s).
        while (await TotalOnB() != 1)
        {
            Assert.True(deleted.Elapsed < TimeSpan.FromSeconds(15), "Node B still counted the deleted recording 15 s after node A deleted it.");
            await Task.Delay(200);
        }
        var rows = (await SeededApi.JsonOf(await onB.GetAsync(list))).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(["kept"], rows);
    }

    private async Task<HttpClient> ApiKeyClient(RecordingsApp app, string scope = ApiScopes.RecordingRead)
    {
        var key = await In(app, sp => sp.GetRequiredService<IApiKeys>().CreateApiKeyAsync("two nodes", [scope], null));
        var http = app.NewClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
        return http;
    }

    private async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
    }
}
