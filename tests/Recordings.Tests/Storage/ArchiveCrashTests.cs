using System.Net;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>
/// The archive job killed (SIGKILL, by the <c>Storage:CrashAfterStep</c> hook) at random steps of its moves, over and
/// over, through the real command line: afterwards every chunk reads back byte-identical exactly once and no stray
/// file is left in the cold directory.
/// </summary>
public sealed class ArchiveCrashTests
{
    private const int Kills = 50;

    [Fact]
    public async Task Every_chunk_reads_back_byte_identical_exactly_once_after_the_archive_job_is_killed_at_random_steps_fifty_times()
    {
        var data = TempDirectory.Create("archive-crash");
        var sessions = new[] { 4, 5, 10, 11, 12 };
        int environmentId;
        var expected = new Dictionary<string, string>();
        await using (var app = new RecordingsApp(data))
        {
            var env = await CaptureEnvironment.CreateAsync(app);
            environmentId = env.Id;
            var ingest = new IngestClient(app.NewClient(), env.Token);
            foreach (var session in sessions)
                foreach (var (_, _, body) in Corpus.Batches(Corpus.Load(session), env.Token, $"corpus-{session}", eventsPerBatch: 10))
                    Assert.Equal(HttpStatusCode.OK, (await ingest.SendAsync(body, gzip: true)).StatusCode);
            foreach (var session in sessions)
                expected[$"corpus-{session}"] = await StoredData.AllSnapshotsAsync(StoredData.Module(app), env.Id, $"corpus-{session}");
        }
        var hotChunks = StoredData.Query(data, "SELECT Id, GzipData FROM snapshot_chunks", r => (Id: r.GetInt64(0), Data: (byte[])r[1]))
            .ToDictionary(c => c.Id, c => c.Data);
        Assert.True(hotChunks.Count > 100, $"only {hotChunks.Count} chunks to move");

        // Two copies of the store, each crashed in its own loop, so the 50 kills take half the wall-clock time.
        var copy = TempDirectory.Create("archive-crash-copy");
        foreach (var file in Directory.GetFiles(data)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var kills = await Task.WhenAll(CrashRepeatedlyAsync(data, Kills / 2, seed: 4), CrashRepeatedlyAsync(copy, Kills - Kills / 2, seed: 5));
        Assert.Equal(Kills, kills.Sum());

        foreach (var dir in new[] { data, copy })
        {
            var final = await OperatorCli.RunAsync(dir, "jobs", "run", "archive-snapshots", "--Storage:ColdAfterSeconds", "0", "--Storage:SegmentBytes", "24000");
            Assert.Equal("succeeded", final.Json.GetProperty("outcome").GetString());
            await AssertEveryChunkColdOnceAsync(dir, hotChunks);
        }

        // And through the reader the snapshots API uses, each recording is what it was before any move.
        await using var after = new RecordingsApp(data);
        foreach (var (session, text) in expected)
            Assert.Equal(text, await StoredData.AllSnapshotsAsync(StoredData.Module(after), environmentId, session));
    }

    private static async Task<int> CrashRepeatedlyAsync(string data, int kills, int seed)
    {
        var random = new Random(seed);
        var killed = 0;
        for (var run = 0; killed < kills && run < kills * 2; run++)
        {
            // Seven steps per segment (half written, written, flushed, renamed, directory flushed, verified, committed):
            // a crash point among the first segments' steps, or in the sweep of what the last crash left.
            var step = random.Next(1, 15);
            var result = await OperatorCli.RunAsync(data, "jobs", "run", "archive-snapshots",
                "--Storage:ColdAfterSeconds", "0", "--Storage:SegmentBytes", "24000", $"--Storage:CrashAfterStep={step}");
            if (result.ExitCode == 137) killed++;
            // 0: the run found nothing left at its crash point. Anything else would be a failure of the job itself
            // (143, a SIGTERM from outside the test, is one more crash the invariants below must survive).
            else Assert.True(result.ExitCode is 0 or 143, $"exit {result.ExitCode}: {result.Stderr}");
        }
        return killed;
    }

    // Each hot chunk is now in exactly one segment, byte for byte the gzip member ingestion stored, and the cold
    // directory holds exactly the indexed files.
    private static async Task AssertEveryChunkColdOnceAsync(string data, Dictionary<long, byte[]> hotChunks)
    {
        Assert.Equal(0, StoredData.Query(data, "SELECT COUNT(*) FROM snapshot_chunks", r => r.GetInt64(0)).Single());
        var cold = StoredData.Query(data,
            "SELECT c.ChunkId, c.Offset, c.Length, s.RelativePath FROM cold_chunks c JOIN cold_segments s ON s.Id = c.SegmentId",
            r => (ChunkId: r.GetInt64(0), Offset: r.GetInt64(1), Length: r.GetInt32(2), Path: r.GetString(3)));
        Assert.Equal(hotChunks.Keys.Order(), cold.Select(c => c.ChunkId).Order());
        foreach (var chunk in cold)
        {
            await using var file = File.OpenRead(Path.Combine(data, "cold", chunk.Path));
            file.Position = chunk.Offset;
            var bytes = new byte[chunk.Length];
            await file.ReadExactlyAsync(bytes);
            Assert.Equal(hotChunks[chunk.ChunkId], bytes);
        }
        var (stray, missing) = StoredData.ColdFilesAgainstIndex(data);
        Assert.Empty(stray);
        Assert.Empty(missing);
    }
}
