using System.Net;
using Microsoft.Data.Sqlite;
using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

public sealed class StorageOperatorTests
{
    [Fact]
    public async Task The_storage_page_shows_hot_and_cold_bytes_per_environment_chunks_waiting_and_each_jobs_last_run()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        await StorageTestSite.IngestAsync(app, env, 11, "page", maxEvents: 60);
        using var dashboard = new Dashboard(app);
        await dashboard.SignInAsync();

        var (response, page) = await dashboard.GetAsync("/storage");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("nav a[href='/storage'][aria-current=page]"));
        var row = page.QuerySelector($"#storage-table tr[data-environment='{env.Id}']")!;
        Assert.Contains(env.Name, row.TextContent);
        Assert.True(long.Parse(row.QuerySelectorAll("td[data-bytes]")[0].GetAttribute("data-bytes")!) > 0, "hot bytes");
        Assert.True(long.Parse(page.QuerySelector("#chunks-waiting")!.TextContent) > 0);
        Assert.Contains("never", page.QuerySelector("#jobs-table tr[data-job='archive-snapshots']")!.TextContent);

        var (ran, after) = await dashboard.SubmitAsync(page, "#jobs-table tr[data-job='archive-snapshots'] button");
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        Assert.Contains("succeeded", after.QuerySelector("#jobs-table tr[data-job='archive-snapshots']")!.TextContent);
        var moved = after.QuerySelector($"#storage-table tr[data-environment='{env.Id}']")!.QuerySelectorAll("td[data-bytes]");
        Assert.Equal("0", moved[0].GetAttribute("data-bytes"));
        Assert.True(long.Parse(moved[1].GetAttribute("data-bytes")!) > 0, "cold bytes");
        Assert.Equal("0", after.QuerySelector("#chunks-waiting")!.TextContent);
        Assert.Null(page.QuerySelector("script:not([src]), [style]"));
    }

    [Fact]
    public async Task The_command_line_runs_each_job_now_as_json_and_refuses_an_unknown_job()
    {
        var data = TempDirectory.Create("jobs-cli");
        var archive = await OperatorCli.RunAsync(data, "jobs", "run", "archive-snapshots");
        Assert.Equal(0, archive.ExitCode);
        Assert.Equal("archive-snapshots", archive.Json.GetProperty("job").GetString());
        Assert.Equal("succeeded", archive.Json.GetProperty("outcome").GetString());
        Assert.Equal(0, archive.Json.GetProperty("counts").GetProperty("chunks_moved").GetInt64());
        var retention = await OperatorCli.RunAsync(data, "jobs", "run", "retention");
        Assert.Equal(0, retention.Json.GetProperty("counts").GetProperty("recordings_deleted").GetInt64());
        var unknown = await OperatorCli.RunAsync(data, "jobs", "run", "compact-everything");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("archive-snapshots", unknown.Json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Backup_copies_every_database_and_the_cold_files_while_the_server_ingests_and_the_copy_starts_as_a_server()
    {
        await using var app = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        await StorageTestSite.IngestAsync(app, env, 10, "backed-up", maxEvents: 100);
        var module = StoredData.Module(app);
        await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots);
        await StorageTestSite.IngestAsync(app, env, 11, "hot-at-backup", maxEvents: 40);
        var expected = await StoredData.AllSnapshotsAsync(module, env.Id, "backed-up");

        // Ingestion goes on during the backup.
        using var stop = new CancellationTokenSource();
        var ingest = new IngestClient(app.NewClient(), env.Token);
        var load = Task.Run(async () =>
        {
            for (var seq = 0; !stop.IsCancellationRequested; seq++) await ingest.SendAsync(ingest.Batch("during-backup", seq));
        });
        var target = Path.Combine(TempDirectory.Create("backup"), "copy");
        var backup = await OperatorCli.RunAsync(app.DataDirectory, "backup", "--to", target);
        stop.Cancel();
        await load;
        Assert.True(backup.ExitCode == 0, backup.Stderr);
        Assert.Contains("hangfire.db", backup.Json.GetProperty("databases").EnumerateArray().Select(d => d.GetProperty("file").GetString()));
        Assert.Equal(4, backup.Json.GetProperty("databases").GetArrayLength());
        Assert.True(backup.Json.GetProperty("cold_files").GetInt32() > 0);
        var again = await OperatorCli.RunAsync(app.DataDirectory, "backup", "--to", target);
        Assert.Equal(2, again.ExitCode);

        StoredData.AssertIntact(target);
        Assert.Empty(StoredData.ColdFilesAgainstIndex(target).Stray);
        Assert.Empty(StoredData.ColdFilesAgainstIndex(target).Missing);
        SqliteConnection.ClearAllPools();
        await using var restored = new RecordingsApp(target, StorageTestSite.Settings());
        var restoredModule = StoredData.Module(restored);
        Assert.Equal(expected, await StoredData.AllSnapshotsAsync(restoredModule, env.Id, "backed-up"));
        Assert.NotNull(await restoredModule.Snapshots.ListSnapshotSourcesAsync(env.Id, "hot-at-backup"));
    }
}
