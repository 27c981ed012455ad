using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

public sealed class ColdFileCorruptionTests
{
    [Fact]
    public async Task A_flipped_byte_a_truncated_file_and_a_missing_file_are_each_reported_as_corrupt_while_other_recordings_still_play()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        foreach (var session in new[] { "flipped", "truncated", "missing", "healthy" })
            await StorageTestSite.IngestAsync(app, env, 11, session, maxEvents: 120);
        var module = StoredData.Module(app);
        var healthyBefore = await StoredData.AllSnapshotsAsync(module, env.Id, "healthy");
        Assert.Equal("succeeded", (await module.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);

        async Task<(SnapshotSource Blob, string Path)> FirstBlobAsync(string session)
        {
            var blob = (await module.ListSnapshotSourcesAsync(env.Id, session))!.First(s => s.Source == SnapshotSource.Blob);
            var path = Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "cold"), blob.BlobKey + ".seg", SearchOption.AllDirectories).Single();
            return (blob, path);
        }
        async Task<SnapshotReadResult> ReadAsync(string session, SnapshotSource blob, Stream? into = null) =>
            await module.WriteSnapshotSourceAsync(env.Id, session, blob.Source, blob.BlobKey, into ?? new MemoryStream(), gzip: true);

        var (flipped, flippedPath) = await FirstBlobAsync("flipped");
        var bytes = await File.ReadAllBytesAsync(flippedPath);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(flippedPath, bytes);
        var output = new MemoryStream();
        var flippedRead = await ReadAsync("flipped", flipped, output);
        Assert.Equal(SnapshotReadStatus.Corrupt, flippedRead.Status);
        Assert.Contains("checksum", flippedRead.Message);
        Assert.Equal(0, output.Length);

        var (truncated, truncatedPath) = await FirstBlobAsync("truncated");
        await using (var file = File.OpenWrite(truncatedPath)) file.SetLength(file.Length - 7);
        var truncatedRead = await ReadAsync("truncated", truncated);
        Assert.Equal(SnapshotReadStatus.Corrupt, truncatedRead.Status);
        Assert.Contains("truncated", truncatedRead.Message);

        var (missing, missingPath) = await FirstBlobAsync("missing");
        File.Delete(missingPath);
        var missingRead = await ReadAsync("missing", missing);
        Assert.Equal(SnapshotReadStatus.Corrupt, missingRead.Status);
        Assert.Contains("missing", missingRead.Message);
        Assert.Contains(missing.BlobKey!, missingRead.Message);

        Assert.Equal(healthyBefore, await StoredData.AllSnapshotsAsync(module, env.Id, "healthy"));
    }

    [Fact]
    public async Task A_recording_part_cold_and_part_hot_reads_back_complete_in_order_and_gzip_reads_decompress_to_the_same_lines()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        var ingest = new IngestClient(app.NewClient(), env.Token);
        var batches = Corpus.Batches(Corpus.Load(4), env.Token, "mixed", eventsPerBatch: 25);
        foreach (var (_, _, body) in batches.Take(8)) await ingest.SendAsync(body, gzip: true);
        var module = StoredData.Module(app);
        var firstPart = await StoredData.AllSnapshotsAsync(module, env.Id, "mixed");
        Assert.Equal("succeeded", (await module.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);
        foreach (var (_, _, body) in batches.Skip(8)) await ingest.SendAsync(body, gzip: true);

        var sources = (await module.ListSnapshotSourcesAsync(env.Id, "mixed"))!.ToList();
        Assert.Equal(SnapshotSource.Realtime, sources[^1].Source);
        Assert.True(sources.Count >= 2 && sources[..^1].All(s => s.Source == SnapshotSource.Blob && s.BlobKey is not null));
        Assert.Equal(sources[..^1].OrderBy(s => s.StartMs).ToList(), sources[..^1]);
        var hotPart = new MemoryStream();
        await module.WriteSnapshotSourceAsync(env.Id, "mixed", SnapshotSource.Realtime, null, hotPart, gzip: false);
        var all = await StoredData.AllSnapshotsAsync(module, env.Id, "mixed");
        Assert.Equal(firstPart + System.Text.Encoding.UTF8.GetString(hotPart.ToArray()), all);
        Assert.Equal(Corpus.Load(4).Count, all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var unzipped = new MemoryStream();
        foreach (var source in sources)
        {
            var gz = new MemoryStream();
            Assert.Equal(SnapshotReadStatus.Found, (await module.WriteSnapshotSourceAsync(env.Id, "mixed", source.Source, source.BlobKey, gz, gzip: true)).Status);
            gz.Position = 0;
            await using var inflate = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionMode.Decompress);
            await inflate.CopyToAsync(unzipped);
        }
        Assert.Equal(all, System.Text.Encoding.UTF8.GetString(unzipped.ToArray()));

        Assert.Null(await module.ListSnapshotSourcesAsync(env.Id, "no-such-session"));
        Assert.Equal(SnapshotReadStatus.NotFound, (await module.WriteSnapshotSourceAsync(env.Id, "mixed", "blob", "nope", new MemoryStream(), false)).Status);
        Assert.Equal(SnapshotReadStatus.NotFound, (await module.WriteSnapshotSourceAsync(env.Id + 1000, "mixed", "realtime", null, new MemoryStream(), false)).Status);
    }
}
