using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using Recordings.Tests.Capture;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.ScaleOut;

/// <summary>
/// Two server processes on two loopback ports sharing one PostgreSQL database and one cold directory, under
/// continuous ingestion split across both (as a load balancer would). Node A is killed with SIGKILL mid-stream; the
/// senders go on against node B, retrying there what A did not acknowledge, as the SDK retries. Every acknowledged
/// batch is stored exactly once. Everything is due for the cold store at once, so the archive job's moves run too.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Process")]
public sealed class TwoNodeKillTests
{
    private const int Senders = 4;

    [Fact]
    public async Task Node_A_killed_mid_ingestion_loses_no_acknowledged_batch_and_node_B_keeps_serving()
    {
        var database = PostgresServer.NewDatabase();
        var cold = TempDirectory.Create("two-node-kill-cold");
        string[] settings =
        [
            "--Database:Provider", "Postgres", "--ConnectionStrings:Postgres", database,
            "--Storage:ColdDirectory", cold, "--Storage:ColdAfterSeconds", "0",
        ];
        var env = await OperatorCli.RunAsync(TempDirectory.Create("two-node-kill-cli"), [.. settings, "environment", "create", "--name", "two nodes"]);
        Assert.True(env.ExitCode == 0, env.Stderr);
        var token = env.Json.GetProperty("token").GetString()!;

        var acknowledged = new ConcurrentDictionary<(string Session, long Sequence), string>();
        var next = new long[Senders];
        await using var a = await ServerProcess.StartAsync(TempDirectory.Create("node-a"), settings);
        await using var b = await ServerProcess.StartAsync(TempDirectory.Create("node-b"), settings);
        using var stop = new CancellationTokenSource();
        // Senders 0 and 2 start on node A, 1 and 3 on node B.
        var senders = Enumerable.Range(0, Senders)
            .Select(i => SendAsync(i % 2 == 0 ? [a.Address, b.Address] : [b.Address], token, i, next, acknowledged, stop.Token)).ToArray();

        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Values.Count(n => n == "A") >= 20), "node A acknowledges twenty batches", 90);
        await a.KillAsync();
        var atKill = acknowledged.Count;
        // B keeps serving every sender, those that were on A included.
        await Eventually.TrueAsync(() => Task.FromResult(
            Enumerable.Range(0, Senders).All(i => acknowledged.Keys.Count(k => k.Session == Session(i)) > 0)
            && acknowledged.Count >= atKill + 40), "node B acknowledges forty more batches, from every sender", 90);
        stop.Cancel();
        await Task.WhenAll(senders);
        Assert.True(acknowledged.Where(k => k.Key.Session == Session(0)).Any(k => k.Value == "B"), "sender 0 went on against node B after A was killed");

        // A starts again (its start-up archive run and sweep finish what the kill interrupted) and the archive runs once more.
        await using (await ServerProcess.StartAsync(TempDirectory.Create("node-a-again"), settings))
        {
            var run = await OperatorCli.RunAsync(TempDirectory.Create("two-node-kill-cli"), [.. settings, "jobs", "run", "archive-snapshots"]);
            Assert.Equal("succeeded", run.Json.GetProperty("outcome").GetString());
        }

        var stored = await QueryAsync(database, """
            SELECT r."SessionId", h."Sequence" FROM recordings.snapshot_chunks h JOIN recordings.recordings r ON r."Id" = h."RecordingId"
            UNION ALL
            SELECT r."SessionId", c."Sequence" FROM recordings.cold_chunks c JOIN recordings.cold_segments s ON s."Id" = c."SegmentId" JOIN recordings.recordings r ON r."Id" = s."RecordingId"
            """, r => (Session: r.GetString(0), Sequence: r.GetInt64(1)));
        var duplicates = stored.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"stored twice: {string.Join(", ", duplicates)}");
        var missing = acknowledged.Keys.Except(stored).ToList();
        // With each lost batch, what the server answered when it acknowledged it.
        Assert.True(missing.Count == 0, $"acknowledged but lost: {string.Join("; ", missing.Select(m => $"{m}: {Answers[m]}"))}");
        var indexed = (await QueryAsync(database, """SELECT "RelativePath" FROM recordings.cold_segments""", r => r.GetString(0))).ToHashSet();
        var onDisk = Directory.EnumerateFiles(cold, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cold, f))
            .Where(f => !Path.GetFileName(f).StartsWith('.')).ToHashSet();
        Assert.Empty(onDisk.Except(indexed));
        Assert.Empty(indexed.Except(onDisk));
        Assert.NotEmpty(indexed);
    }


    /// <remarks>
    /// The month's quota counter is made by the first session that reserves. Two nodes doing so at once (each a
    /// process: within one process the reservations queue on one gate) both tried to insert it; the second failed on the
    /// duplicate key and answered that session "quota_exhausted" with an unlimited quota.
    /// </remarks>
    [Fact]
    public async Task Sessions_starting_at_once_on_both_nodes_in_environments_without_a_counter_yet_all_get_playback()
    {
        var database = PostgresServer.NewDatabase();
        string[] settings = ["--Database:Provider", "Postgres", "--ConnectionStrings:Postgres", database, "--Storage:ColdDirectory", TempDirectory.Create("two-node-quota-cold")];
        await using var a = await ServerProcess.StartAsync(TempDirectory.Create("node-a"), settings);
        await using var b = await ServerProcess.StartAsync(TempDirectory.Create("node-b"), settings);
        List<string> tokens;
        using (var operatorNode = new RecordingsApp(settings: PostgresServer.Settings(database)))
        {
            var catalog = EnvironmentsRoles.Of(operatorNode).Catalog;
            tokens = [];
            for (var i = 0; i < 30; i++) tokens.Add((await catalog.CreateEnvironmentAsync($"fresh {i}")).Token);
        }
        using var toA = new HttpClient { BaseAddress = a.Address };
        using var toB = new HttpClient { BaseAddress = b.Address };
        var answers = await Task.WhenAll(tokens.Select(async token =>
        {
            var both = await Task.WhenAll(
                new IngestClient(toA, token).BeginAsync("on-a"),
                new IngestClient(toB, token).BeginAsync("on-b"));
            return await Task.WhenAll(both.Select(async r => (r.StatusCode, Body: await r.Content.ReadAsStringAsync())));
        }));
        var all = answers.SelectMany(x => x).ToList();
        Assert.All(all, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var refused = all.Where(r => !r.Body.Contains("\"mode\":\"playback\"")).Select(r => r.Body).ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} of {all.Count} sessions not in playback: {string.Join(" ", refused.Take(3))}");
    }

    private static readonly ConcurrentDictionary<(string, long), string> Answers = new();

    private static string Session(int sender) => $"two-node-session-{sender}";

    // One SDK-like sender behind a load balancer: sends batch n of its session to its node until acknowledged; when its
    // node is gone it sends the same batch to the next node (a retry may find it stored already).
    private static async Task SendAsync(
        Uri[] nodes, string token, int sender, long[] next, ConcurrentDictionary<(string, long), string> acknowledged, CancellationToken stop)
    {
        var node = 0;
        var clients = nodes.Select(n => new HttpClient { BaseAddress = n, Timeout = TimeSpan.FromSeconds(30) }).ToList();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var client = new IngestClient(clients[node], token);
                    var response = await client.SendAsync(client.Batch(Session(sender), next[sender], clicks: 2, mouseMoves: 20), gzip: true);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged[(Session(sender), next[sender])] = nodes[node] == nodes[0] && nodes.Length > 1 ? "A" : "B";
                        Answers[(Session(sender), next[sender])] = await response.Content.ReadAsStringAsync();
                        next[sender]++;
                        continue;
                    }
                    Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The node is gone: the load balancer sends the retry to the next one.
                    if (stop.IsCancellationRequested) return;
                    node = Math.Min(node + 1, nodes.Length - 1);
                }
                // Back off a little before retrying, as the SDK does (this paces retries; it synchronises nothing).
                try { await Task.Delay(50, stop); } catch (OperationCanceledException) { return; }
            }
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    private static async Task<List<T>> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        return rows;
    }
}
