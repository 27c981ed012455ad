using System.Net;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.Operating;

public sealed class JobHistoryTests
{
    private static Dictionary<string, string?> Settings(bool archiveAtStart) => new()
    {
        ["Storage:ArchiveSchedule"] = "0 0 31 2 *", ["Storage:RetentionSchedule"] = "0 0 31 2 *",
        ["Storage:ArchiveAtStart"] = archiveAtStart ? "true" : "false",
    };

    [Fact]
    public async Task A_succeeded_archive_run_is_still_listed_on_the_jobs_page_after_a_restart()
    {
        string jobId;
        string data;
        using (var first = new RecordingsApp(settings: Settings(archiveAtStart: true)))
        {
            data = first.DataDirectory;
            var monitoring = first.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            await Eventually.TrueAsync(() => Task.FromResult(monitoring.SucceededListCount() > 0), "the archive run at start succeeded");
            jobId = monitoring.SucceededJobs(0, 10).Single().Key;
            Assert.True(File.Exists(Path.Combine(data, "hangfire.db")));

            // The run is profiled too: the profiling page lists it with its database commands.
            using var admin = new Dashboard(first);
            await admin.SignInAsync();
            var (_, profiling) = await admin.GetAsync("/profiling");
            var run = profiling.QuerySelectorAll("#job-runs-table tr[data-profile]").Single();
            Assert.Contains("archive-snapshots", run.TextContent);
            Assert.Contains("succeeded", run.TextContent);
        }
        SqliteConnection.ClearAllPools();

        using var second = new RecordingsApp(data, Settings(archiveAtStart: false));
        using var dashboard = new Dashboard(second);
        await dashboard.SignInAsync();
        var (response, page) = await dashboard.GetAsync("/admin/jobs/jobs/succeeded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector($"a[href$='/jobs/details/{jobId}']"));
        Assert.Contains("RunStorageJobAsync", page.Body!.TextContent);
        var (_, recurring) = await dashboard.GetAsync("/admin/jobs/recurring");
        Assert.Contains("archive-snapshots", recurring.Body!.TextContent);
    }

    [Fact]
    public async Task A_servers_jobs_run_on_its_own_services_when_another_server_in_the_process_configured_Hangfire_after_it()
    {
        // A server with its jobs off and chunks waiting for the cold store.
        await using var quiet = new RecordingsApp(settings: StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(quiet);
        await StorageTestSite.IngestAsync(quiet, env, 11, "stays-hot", maxEvents: 60);
        var quietActivator = new Hangfire.AspNetCore.AspNetCoreJobActivator(quiet.Services.GetRequiredService<IServiceScopeFactory>());

        // A second server that archives at start, starting while the first configures Hangfire (the tests start many
        // servers at once): between its own configuration and its job server's creation, the other host's activator
        // becomes Hangfire's process-wide one. Deterministically: a hosted service resolved before Hangfire's does it.
        await using var busy = new RecordingsApp(settings: Settings(archiveAtStart: true), services: s =>
            s.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp =>
            {
                sp.GetRequiredService<IGlobalConfiguration>();
                GlobalConfiguration.Configuration.UseActivator(quietActivator);
                return new NothingToRun();
            })));

        var busyStorage = busy.Services.GetRequiredService<IRecordingStorage>();
        await Eventually.TrueAsync(async () => (await busyStorage.GetStorageOverviewAsync(default)).LastRuns.Any(r => r.JobId == StorageJobIds.ArchiveSnapshots),
            "the second server's archive run at start is recorded in its own database");
        var quietOverview = await quiet.Services.GetRequiredService<IRecordingStorage>().GetStorageOverviewAsync(default);
        Assert.Empty(quietOverview.LastRuns);
        Assert.True(quietOverview.ChunksWaiting > 0, "the first server's chunks are still waiting");
    }

    private sealed class NothingToRun : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
