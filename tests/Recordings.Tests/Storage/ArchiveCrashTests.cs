using System.Net;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>
/// The archive job killed (SIGKILL, by the <c>Storage:CrashAfterStep</c> hook) at random steps of its moves, over and
/// over, through the real command line: afterwards every chunk reads back byte-identical exactly once and no stray
/// file is left in the cold directory.
/// </summary>
[Trait("Category", "Process")]
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
        // The modules' databases and files; not Hangfire's job store, whose -wal file its storage may still be folding
        // back into hangfire.db as the server stops (a copy of it once found the -wal listed and then gone).
        foreach (var file in Directory.GetFiles(data).Where(f => !Path.GetFileName(f).StartsWith("hangfire.db", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var crashed = await Task.WhenAll(CrashRepeatedlyAsync(data, Kills / 2, seed: 4), CrashRepeatedlyAsync(copy, Kills - Kills / 2, seed: 5));
        Assert.Equal(Kills, crashed.Sum(c => c.Count));
        // Every step of a move, and the sweep of what a crash left, was crashed at least once.
        Assert.Equal(StepsOfAMove.Append("stray file removed").Order(), crashed.SelectMany(c => c).Distinct().Order());

        foreach (var dir in new[] { data, copy })
        {
            var final = await OperatorCli.RunProcessAsync(dir, "jobs", "run", "archive-snapshots", "--Storage:ColdAfterSeconds", "0", "--Storage:SegmentBytes", "24000");
            Assert.Equal("succeeded", final.Json.GetProperty("outcome").GetString());
            await AssertEveryChunkColdOnceAsync(dir, hotChunks);
        }

        // And through the reader the snapshots API uses, each recording is what it was before any move.
        await using var after = new RecordingsApp(data);
        foreach (var (session, text) in expected)
            Assert.Equal(text, await StoredData.AllSnapshotsAsync(StoredData.Module(after), environmentId, session));
    }

    // The crash points of one group of segments, in order: each segment's file half written and written, the files
    // flushed together, each renamed, the directories flushed together, each verified, the group committed.
    private static readonly string[] StepsOfAMove =
        ["temporary file half written", "temporary file written", "temporary files flushed", "renamed", "directories flushed", "verified", "committed"];

    // Groups of three segments: 3 × 2 + 1 + 3 + 1 + 3 + 1 = 18 steps, so a random step below 22 falls anywhere in the
    // first group, in the second group's first steps, or in the sweep of what the last crash left.
    private static async Task<List<string>> CrashRepeatedlyAsync(string data, int kills, int seed)
    {
        var random = new Random(seed);
        var killedAt = new List<string>();
        for (var run = 0; killedAt.Count < kills && run < kills * 2; run++)
        {
            var step = random.Next(1, 22);
            var result = await OperatorCli.RunProcessAsync(data, "jobs", "run", "archive-snapshots", "--Storage:ColdAfterSeconds", "0",
                "--Storage:SegmentBytes", "24000", "--Storage:SegmentsPerCommit", "3", $"--Storage:CrashAfterStep={step}");
            if (result.ExitCode == 137) killedAt.Add(CrashedStep(result.Stderr));
            // 0: the run found nothing left at its crash point. Anything else would be a failure of the job itself
            // (143, a SIGTERM from outside the test, is one more crash the invariants below must survive).
            else Assert.True(result.ExitCode is 0 or 143, $"exit {result.ExitCode}: {result.Stderr}");
        }
        return killedAt;
    }

    // CrashPoints writes "crash-point: killing the process after step N (name)" just before it kills.
    private static string CrashedStep(string stderr)
    {
        var line = stderr.Split('\n').Single(l => l.StartsWith("crash-point: ", StringComparison.Ordinal));
        return line[(line.IndexOf('(') + 1)..line.LastIndexOf(')')];
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
