using System.Net;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Tests.Capture;
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
}
