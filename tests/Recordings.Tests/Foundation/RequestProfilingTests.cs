using System.Text.RegularExpressions;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

public sealed class RequestProfilingTests
{
    [Fact]
    public async Task Every_response_reports_its_time_and_its_database_commands_in_server_timing()
    {
        using var app = new RecordingsApp();
        using var dashboard = new Dashboard(app);
        await dashboard.SignInAsync();
        var (response, _) = await dashboard.GetAsync("/environments");
        var timing = string.Join(",", response.Headers.GetValues("Server-Timing"));
        var match = Regex.Match(timing, @"app;dur=(?<app>[\d.]+), db;dur=(?<db>[\d.]+);desc=""(?<n>\d+) database commands""");
        Assert.True(match.Success, timing);
        Assert.True(int.Parse(match.Groups["n"].Value) >= 1, timing);
        Assert.True(double.Parse(match.Groups["app"].Value) >= double.Parse(match.Groups["db"].Value), timing);
    }
}
