using System.Net;
using System.Net.Http.Headers;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.Hostile;

/// <summary>
/// Defect 1 of issue 15: tiny unauthenticated gzip bodies whose trailer claims almost 4 GiB made the server allocate
/// tens of MB each. Measured on the real server as its own process (an in-process server would share the test's heap).
/// </summary>
[Trait("Category", "Process")]
public sealed class HostileMemoryTests
{
    private const long BoundBytes = 300L * 1024 * 1024;
    private const int Clients = 200;
    private static readonly string[] Endpoints = ["/ingest/session", "/ingest/playback", "/ingest/batch"];

    [Fact]
    public Task Resident_memory_stays_under_300_MB_while_200_clients_send_forged_gzip_trailers_to_every_endpoint() => RunAsync(bombEvery: 0);

    [Fact]
    public Task Resident_memory_stays_under_300_MB_while_200_clients_send_forged_gzip_trailers_and_every_tenth_a_gzip_bomb() => RunAsync(bombEvery: 10);

    [Fact]
    public Task Resident_memory_stays_under_300_MB_when_the_bombs_state_a_size_under_the_cap() => RunAsync(bombEvery: 10, lyingBomb: true);

    private static async Task RunAsync(int bombEvery, bool lyingBomb = false)
    {
        var data = TempDirectory.Create("hostile-memory");
        var env = await OperatorCli.RunAsync(data, "environment", "create", "--name", "memory");
        var token = env.Json.GetProperty("token").GetString()!;
        // The per-address limit on session starts would refuse most of these before their bodies are read; an attacker
        // with many addresses is not held by it, so it is lifted here to measure what the bodies themselves cost.
        await using var server = await ServerProcess.StartAsync(data, "--RateLimits:SessionStartsPerAddressPerMinute", "1000000");
        var forged = HostileBodies.ForgedTrailer(token);
        var bomb = HostileBodies.Bomb(64);
        // A bomb whose trailer claims 40 MB (under the 48 MB cap) is inflated until it passes that, then refused.
        if (lyingBomb) BitConverter.GetBytes(40u * 1024 * 1024).CopyTo(bomb, bomb.Length - 4);

        var before = ResidentBytes(server.ProcessId);
        using var done = new CancellationTokenSource();
        var peak = 0L;
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentBytes(server.ProcessId));
                await Task.Delay(10);
            }
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
        using var start = new SemaphoreSlim(0);
        // Each client sends three forged bodies, one to each endpoint; with bombs, every tenth client sends a 64 MB bomb
        // (64 KB on the wire) instead.
        var clients = Enumerable.Range(0, Clients).Select(async i =>
        {
            await start.WaitAsync();
            var statuses = new List<HttpStatusCode>();
            for (var j = 0; j < Endpoints.Length; j++)
            {
                var content = new ByteArrayContent(bombEvery > 0 && i % bombEvery == 0 ? bomb : forged);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                statuses.Add((await http.PostAsync(Endpoints[(i + j) % Endpoints.Length], content)).StatusCode);
            }
            return statuses;
        }).ToList();
        start.Release(Clients);
        var answers = (await Task.WhenAll(clients)).SelectMany(s => s).ToList();
        await done.CancelAsync();
        await sampler;

        var unexpected = answers.Where(s => s is not (HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.ServiceUnavailable)).ToList();
        Assert.True(unexpected.Count == 0, $"answers other than 400/413/503: {string.Join(", ", unexpected)}");
        Assert.True(answers.Count(s => s is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge) >= Clients * 3 * 8 / 10, $"forged bodies answered: {string.Join(", ", answers.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}"))}");
        Console.WriteLine($"HostileMemoryTests (bomb every {bombEvery}): peak resident memory {peak / 1024 / 1024} MB over {answers.Count} requests, before {before / 1024 / 1024} MB");
        Assert.True(peak < BoundBytes, $"the server's resident memory reached {peak / 1024 / 1024} MB (bound {BoundBytes / 1024 / 1024} MB)");
                using var health = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/healthz")).StatusCode);
    }

    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
