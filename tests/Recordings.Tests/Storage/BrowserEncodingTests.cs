using System.IO.Compression;
using System.Text;
using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>The one-member gzip form every gzip client gets (most decode only the first member), and the copies of it kept in memory.</summary>
public sealed class BrowserEncodingTests
{
    [Fact]
    public async Task A_cold_segment_goes_out_as_one_gzip_member_that_is_kept_for_the_next_read_until_the_recording_is_deleted()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        await StorageTestSite.IngestAsync(app, env, 11, "kept", maxEvents: 120);
        var module = StoredData.Module(app);
        Assert.Equal("succeeded", (await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);
        var blob = (await module.Snapshots.ListSnapshotSourcesAsync(env.Id, "kept"))!.First();

        async Task<(SnapshotReadStatus Status, byte[] Bytes)> ReadAsync(SnapshotEncoding encoding)
        {
            var into = new MemoryStream();
            var result = await module.Snapshots.WriteSnapshotSourceAsync(env.Id, "kept", blob.Source, blob.BlobKey, into, encoding);
            return (result.Status, into.ToArray());
        }
        var lines = Encoding.UTF8.GetString((await ReadAsync(SnapshotEncoding.Lines)).Bytes);
        Assert.Equal(120, lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // What most clients decode is the first member only: it must hold every line (the file holds one member per chunk).
        Assert.NotEqual(lines, FirstMember(await File.ReadAllBytesAsync(StoredData.SegmentFiles(app.DataDirectory, "kept")[0].Path)));
        var first = await ReadAsync(SnapshotEncoding.OneGzipMember);
        Assert.Equal(SnapshotReadStatus.Found, first.Status);
        Assert.Equal(lines, FirstMember(first.Bytes));

        // The next client gets the kept copy: the file is not read again (a read that needs it now fails).
        File.Delete(StoredData.SegmentFiles(app.DataDirectory, "kept")[0].Path);
        Assert.Equal(SnapshotReadStatus.Corrupt, (await ReadAsync(SnapshotEncoding.Lines)).Status);
        var second = await ReadAsync(SnapshotEncoding.OneGzipMember);
        Assert.Equal(SnapshotReadStatus.Found, second.Status);
        Assert.Equal(first.Bytes, second.Bytes);

        // Once the recording is deleted nothing of it is served, kept copy or not.
        Assert.True(await module.Catalog.DeleteRecordingAsync(env.Id, "kept"));
        var afterDelete = await ReadAsync(SnapshotEncoding.OneGzipMember);
        Assert.Equal(SnapshotReadStatus.NotFound, afterDelete.Status);
        Assert.Empty(afterDelete.Bytes);
    }

    [Fact]
    public async Task The_hot_part_goes_out_as_one_gzip_member_holding_every_line_also_after_more_batches_arrive()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        var module = StoredData.Module(app);
        async Task<(string Lines, string FirstMember)> ReadAsync()
        {
            var lines = new MemoryStream();
            await module.Snapshots.WriteSnapshotSourceAsync(env.Id, "hot", SnapshotSource.Realtime, null, lines, SnapshotEncoding.Lines);
            var oneMember = new MemoryStream();
            Assert.Equal(SnapshotReadStatus.Found,
                (await module.Snapshots.WriteSnapshotSourceAsync(env.Id, "hot", SnapshotSource.Realtime, null, oneMember, SnapshotEncoding.OneGzipMember)).Status);
            return (Encoding.UTF8.GetString(lines.ToArray()), FirstMember(oneMember.ToArray()));
        }

        await StorageTestSite.IngestAsync(app, env, 11, "hot", maxEvents: 60);
        var early = await ReadAsync();
        Assert.Equal(early.Lines, early.FirstMember);
        Assert.Equal(early, await ReadAsync());

        // The kept form of the first read is not the answer once more batches are in.
        await StorageTestSite.IngestAsync(app, env, 12, "hot", maxEvents: 60);
        var later = await ReadAsync();
        Assert.NotEqual(early.Lines, later.Lines);
        Assert.Equal(later.Lines, later.FirstMember);
    }

    /// <summary>The text of the first gzip member alone, as browsers, curl and urllib decode it (a 10-byte header without options).</summary>
    private static string FirstMember(byte[] gzip)
    {
        Assert.True(gzip is [0x1f, 0x8b, 8, 0, ..], "a gzip member with no optional header fields");
        using var deflate = new DeflateStream(new MemoryStream(gzip, 10, gzip.Length - 10), CompressionMode.Decompress);
        using var text = new StreamReader(deflate, Encoding.UTF8);
        return text.ReadToEnd();
    }
}
