using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

public sealed class RetentionTests
{
    [Fact]
    public async Task Retention_deletes_recordings_past_their_environments_retention_with_their_files_and_keeps_persisted_and_recent_ones()
    {
        var data = TempDirectory.Create("retention");
        int shortEnv, longEnv;
        await using (var app = new RecordingsApp(data, StorageTestSite.Settings()))
        {
            var environments = EnvironmentsRoles.Of(app);
            var week = await CaptureEnvironment.CreateAsync(app, s => s with { RetentionDays = 7 });
            var year = await CaptureEnvironment.CreateAsync(app, s => s with { RetentionDays = 365 });
            (shortEnv, longEnv) = (week.Id, year.Id);
            foreach (var session in new[] { "due", "kept" }) await StorageTestSite.IngestAsync(app, week, 11, session, maxEvents: 80);
            await StorageTestSite.IngestAsync(app, year, 11, "recent", maxEvents: 80);
            var module = StoredData.Module(app);
            await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots);
            await StorageTestSite.IngestAsync(app, week, 10, "due-hot", maxEvents: 40);
            Assert.True(await module.Catalog.PersistRecordingAsync(week.Id, "kept"));
            foreach (var session in new[] { "due", "due-hot", "kept" }) Assert.True(await module.Catalog.MarkViewedAsync(week.Id, session, adminId: 1));
            Assert.False(await module.Catalog.PersistRecordingAsync(week.Id, "no-such-session"));
            // Nothing is due today.
            Assert.Equal(0, (await module.Storage.RunStorageJobAsync(StorageJobIds.Retention)).Counts["recordings_deleted"]);
        }

        // Eight days later the week-long retention has passed; the year-long one has not.
        await using var later = new RecordingsApp(data, StorageTestSite.Settings(), StorageTestSite.ClockAhead(TimeSpan.FromDays(8)));
        var laterModule = StoredData.Module(later);
        var run = await laterModule.Storage.RunStorageJobAsync(StorageJobIds.Retention);
        Assert.Equal("succeeded", run.Outcome);
        Assert.Equal(2, run.Counts["recordings_deleted"]);
        Assert.True(run.Counts["files_deleted"] > 0);

        Assert.Null(await laterModule.Snapshots.ListSnapshotSourcesAsync(shortEnv, "due"));
        Assert.Null(await laterModule.Snapshots.ListSnapshotSourcesAsync(shortEnv, "due-hot"));
        Assert.Null(await laterModule.Insights.ListBehaviorEventsAsync(shortEnv, "due", 10, 0));
        Assert.NotEmpty((await laterModule.Snapshots.ListSnapshotSourcesAsync(shortEnv, "kept"))!);
        Assert.NotEmpty((await laterModule.Snapshots.ListSnapshotSourcesAsync(longEnv, "recent"))!);
        await StoredData.AllSnapshotsAsync(laterModule, shortEnv, "kept");
        var (stray, missing) = StoredData.ColdFilesAgainstIndex(data);
        Assert.Empty(stray);
        Assert.Empty(missing);
        Assert.Empty(StoredData.Query(data, "SELECT SessionId FROM ingested_batches WHERE SessionId LIKE 'due%'", r => r.GetString(0)));
        // Only the kept recording's view is left.
        Assert.Equal(1, StoredData.Query(data, "SELECT COUNT(*) FROM recording_views", r => r.GetInt64(0)).Single());
        Assert.True((await laterModule.Catalog.GetRecordingAsync(shortEnv, "kept", viewerAdminId: 1))!.Viewed);
    }

    [Fact]
    public async Task Deleting_a_recording_removes_its_metadata_events_hot_chunks_and_cold_files_at_once_and_leaves_no_file_behind()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        await StorageTestSite.IngestAsync(app, env, 12, "deleted", maxEvents: 150);
        await StorageTestSite.IngestAsync(app, env, 11, "other", maxEvents: 60);
        var module = StoredData.Module(app);
        await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots);
        await StorageTestSite.IngestAsync(app, env, 12, "deleted-later", maxEvents: 20);
        var otherBefore = await StoredData.AllSnapshotsAsync(module, env.Id, "other");
        var recordingDirectories = Directory.GetDirectories(Path.Combine(app.DataDirectory, "cold"), "*", SearchOption.AllDirectories).Length;

        Assert.True(await module.Catalog.MarkViewedAsync(env.Id, "deleted", adminId: 1));
        Assert.True(await module.Catalog.MarkViewedAsync(env.Id, "other", adminId: 1));
        Assert.True(await module.Catalog.DeleteRecordingAsync(env.Id, "deleted"));
        Assert.False(await module.Catalog.DeleteRecordingAsync(env.Id, "deleted"));
        Assert.Equal(1, StoredData.Query(app.DataDirectory, "SELECT COUNT(*) FROM recording_views", r => r.GetInt64(0)).Single());
        Assert.Null(await module.Snapshots.ListSnapshotSourcesAsync(env.Id, "deleted"));
        Assert.Null(await module.Insights.ListBehaviorEventsAsync(env.Id, "deleted", 10, 0));
        Assert.Equal(0, StoredData.Query(app.DataDirectory,
            "SELECT COUNT(*) FROM recordings WHERE SessionId = 'deleted'", r => r.GetInt64(0)).Single());
        var (stray, missing) = StoredData.ColdFilesAgainstIndex(app.DataDirectory);
        Assert.Empty(stray);
        Assert.Empty(missing);
        Assert.True(Directory.GetDirectories(Path.Combine(app.DataDirectory, "cold"), "*", SearchOption.AllDirectories).Length < recordingDirectories);
        Assert.Equal(otherBefore, await StoredData.AllSnapshotsAsync(module, env.Id, "other"));
    }
}
