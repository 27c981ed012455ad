using System.Collections.Concurrent;
using System.Net;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>
/// The server process under continuous ingestion is killed with SIGKILL at random moments and started again, twenty
/// times; senders retry what was not acknowledged, as the SDK does. Every acknowledged batch is stored once.
/// The archive job runs at every start (everything is due at once), so kills also land in the middle of moves.
/// </summary>
[Trait("Category", "Process")]
public sealed class ServerKillTests
{
    private const int Kills = 20;
    private const int Senders = 4;

    [Fact]
    public async Task Every_acknowledged_batch_is_stored_exactly_once_after_twenty_kills_under_load()
    {
        var data = TempDirectory.Create("server-kill");
        var env = await OperatorCli.RunProcessAsync(data, "environment", "create", "--name", "kill test");
        var token = env.Json.GetProperty("token").GetString()!;
        var environmentId = env.Json.GetProperty("id").GetInt32();
        string[] settings = ["--Storage:ColdAfterSeconds", "0"];

        var acknowledged = new ConcurrentDictionary<(string Session, long Sequence), bool>();
        var next = new long[Senders];
        var random = new Random(20);
        for (var kill = 0; kill < Kills; kill++)
        {
            await using var server = await ServerProcess.StartAsync(data, settings);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, Senders).Select(i => SendAsync(server.Address, token, i, next, acknowledged, stop.Token)).ToArray();
            // Let load build up, then kill mid-flight: some batches are acknowledged, some in the writer, some unsent.
            await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= (kill + 1) * 10), "ten more batches are acknowledged", 90);
            await Task.Delay(random.Next(50, 600));
            await server.KillAsync();
            stop.Cancel();
            await Task.WhenAll(senders);
        }

        // One last clean start: the start-up archive run and sweep finish whatever the last kill interrupted.
        await using (var server = await ServerProcess.StartAsync(data, settings))
        {
            var run = await OperatorCli.RunProcessAsync(data, "jobs", "run", "archive-snapshots", "--Storage:ColdAfterSeconds", "0");
            Assert.Equal("succeeded", run.Json.GetProperty("outcome").GetString());
        }

        var stored = StoredData.Query(data, """
            SELECT r.SessionId, h.Sequence FROM snapshot_chunks h JOIN recordings r ON r.Id = h.RecordingId
            UNION ALL
            SELECT r.SessionId, c.Sequence FROM cold_chunks c JOIN cold_segments s ON s.Id = c.SegmentId JOIN recordings r ON r.Id = s.RecordingId
            """, r => (Session: r.GetString(0), Sequence: r.GetInt64(1)));
        var duplicates = stored.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"stored twice: {string.Join(", ", duplicates)}");
        var missing = acknowledged.Keys.Except(stored).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but lost: {string.Join(", ", missing)}");
        Assert.True(acknowledged.Count >= Kills * 10, $"only {acknowledged.Count} batches acknowledged");
        Assert.Equal(environmentId, StoredData.Query(data, "SELECT DISTINCT EnvironmentId FROM recordings", r => r.GetInt32(0)).Single());
        var (stray, lost) = StoredData.ColdFilesAgainstIndex(data);
        Assert.Empty(stray);
        Assert.Empty(lost);
        StoredData.AssertIntact(data);
    }

    // One SDK-like sender: sends batch n of its session until acknowledged (a retry after a kill may find it stored).
    private static async Task SendAsync(
        Uri server, string token, int sender, long[] next, ConcurrentDictionary<(string, long), bool> acknowledged, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var client = new IngestClient(http, token);
        var session = $"kill-session-{sender}";
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var response = await client.SendAsync(client.Batch(session, next[sender], clicks: 2, mouseMoves: 20), gzip: true);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged[(session, next[sender])] = true;
                    next[sender]++;
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server is gone (or slow): the same sequence is sent again, as the SDK does, until it is acknowledged.
            }
            // Back off a little before retrying, as the SDK does (this paces retries; it synchronises nothing).
            try { await Task.Delay(50, stop); } catch (OperationCanceledException) { return; }
        }
    }
}
