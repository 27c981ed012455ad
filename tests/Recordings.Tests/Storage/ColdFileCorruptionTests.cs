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
        Assert.Equal("succeeded", (await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);

        async Task<(SnapshotSource Blob, string Path)> FirstBlobAsync(string session)
        {
            var blob = (await module.Snapshots.ListSnapshotSourcesAsync(env.Id, session))!.First();
            Assert.Equal((SnapshotSource.BlobV2, "0"), (blob.Source, blob.BlobKey));
            return (blob, StoredData.SegmentFiles(app.DataDirectory, session)[0].Path);
        }
        async Task<SnapshotReadResult> ReadAsync(string session, SnapshotSource blob, Stream? into = null) =>
            await module.Snapshots.WriteSnapshotSourceAsync(env.Id, session, blob.Source, blob.BlobKey, into ?? new MemoryStream(), SnapshotEncoding.OneGzipMember);

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
        Assert.Contains("Blob '", missingRead.Message);

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
        Assert.Equal("succeeded", (await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);
        foreach (var (_, _, body) in batches.Skip(8)) await ingest.SendAsync(body, gzip: true);

        var sources = (await module.Snapshots.ListSnapshotSourcesAsync(env.Id, "mixed"))!.ToList();
        Assert.All(sources, s => Assert.Equal(SnapshotSource.BlobV2, s.Source));
        Assert.Equal((SnapshotSource.HotKeyBase + sources.Count - 1).ToString(), sources[^1].BlobKey);
        Assert.True(sources.Count >= 2);
        Assert.Equal(Enumerable.Range(0, sources.Count - 1).Select(i => i.ToString()), sources[..^1].Select(s => s.BlobKey));
        var hotPart = new MemoryStream();
        await module.Snapshots.WriteSnapshotSourceAsync(env.Id, "mixed", SnapshotSource.Realtime, null, hotPart, SnapshotEncoding.Lines);
        var all = await StoredData.AllSnapshotsAsync(module, env.Id, "mixed");
        Assert.Equal(firstPart + System.Text.Encoding.UTF8.GetString(hotPart.ToArray()), all);
        Assert.Equal(Corpus.Load(4).Count, all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var unzipped = new MemoryStream();
        foreach (var source in sources)
        {
            var gz = new MemoryStream();
            Assert.Equal(SnapshotReadStatus.Found, (await module.Snapshots.WriteSnapshotSourceAsync(env.Id, "mixed", source.Source, source.BlobKey, gz, SnapshotEncoding.OneGzipMember)).Status);
            gz.Position = 0;
            await using var inflate = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionMode.Decompress);
            await inflate.CopyToAsync(unzipped);
        }
        Assert.Equal(all, System.Text.Encoding.UTF8.GetString(unzipped.ToArray()));

        Assert.Null(await module.Snapshots.ListSnapshotSourcesAsync(env.Id, "no-such-session"));
        Assert.Equal(SnapshotReadStatus.NotFound, (await module.Snapshots.WriteSnapshotSourceAsync(env.Id, "mixed", "blob", "nope", new MemoryStream(), SnapshotEncoding.Lines)).Status);
        Assert.Equal(SnapshotReadStatus.NotFound, (await module.Snapshots.WriteSnapshotSourceAsync(env.Id + 1000, "mixed", "realtime", null, new MemoryStream(), SnapshotEncoding.Lines)).Status);
    }

    [Fact]
    public async Task A_segment_is_indexed_with_the_XXH128_of_its_file_and_a_segment_indexed_with_a_bare_SHA256_still_reads_and_is_still_checked()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        foreach (var session in new[] { "current", "legacy" }) await StorageTestSite.IngestAsync(app, env, 11, session, maxEvents: 120);
        var module = StoredData.Module(app);
        var legacyBefore = await StoredData.AllSnapshotsAsync(module, env.Id, "legacy");
        Assert.Equal("succeeded", (await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);

        var cold = Path.Combine(app.DataDirectory, "cold");
        var segments = StoredData.Query(app.DataDirectory, "SELECT Id, RelativePath, Checksum FROM cold_segments", r => (Id: r.GetInt64(0), Path: Path.Combine(cold, r.GetString(1)), Checksum: r.GetString(2)));
        Assert.NotEmpty(segments);
        foreach (var segment in segments)
            Assert.Equal("xxh128:" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(await File.ReadAllBytesAsync(segment.Path))), segment.Checksum);

        // A segment archived before XXH128 carries the file's SHA-256, bare: it must still read, and still be checked.
        var legacy = (await module.Snapshots.ListSnapshotSourcesAsync(env.Id, "legacy"))!.First();
        var (id, path) = StoredData.SegmentFiles(app.DataDirectory, "legacy")[0];
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "recordings.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE cold_segments SET Checksum = $c WHERE Id = $i";
            update.Parameters.AddWithValue("$c", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))));
            update.Parameters.AddWithValue("$i", id);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        Assert.Equal(legacyBefore, await StoredData.AllSnapshotsAsync(module, env.Id, "legacy"));

        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^3] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);
        var read = await module.Snapshots.WriteSnapshotSourceAsync(env.Id, "legacy", legacy.Source, legacy.BlobKey, new MemoryStream(), SnapshotEncoding.OneGzipMember);
        Assert.Equal(SnapshotReadStatus.Corrupt, read.Status);
        Assert.Contains("SHA-256", read.Message);
    }
}
