using System.Net;
using System.Text.RegularExpressions;
using Modules.Environments.Contracts;
using Recordings.Tests.Api;
using Recordings.Tests.Support;

namespace Recordings.Tests.Operating;

public sealed class ProfilingTests
{
    [Fact]
    public async Task Server_timing_goes_to_a_signed_in_admin_and_not_to_anonymous_or_api_key_requests()
    {
        using var api = await ApiFixture.StartAsync();
        using var dashboard = new Dashboard(api.App);
        await dashboard.SignInAsync();
        var (response, _) = await dashboard.GetAsync("/environments");
        var timing = string.Join(",", response.Headers.GetValues("Server-Timing"));
        var match = Regex.Match(timing, @"app;dur=(?<app>[\d.]+), db;dur=(?<db>[\d.]+);desc=""(?<n>\d+) database commands""");
        Assert.True(match.Success, timing);
        Assert.True(int.Parse(match.Groups["n"].Value) >= 1, timing);
        Assert.True(double.Parse(match.Groups["app"].Value) >= double.Parse(match.Groups["db"].Value), timing);

        using var anonymous = api.App.NewClient();
        foreach (var path in new[] { "/account/sign-in", "/healthz", $"/shared/{new string('a', 43)}" })
            Assert.False((await anonymous.GetAsync(path)).Headers.Contains("Server-Timing"), path);
        var key = await api.ReaderAsync();
        var list = await key.GetAsync(api.Base);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.False(list.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task A_slow_request_is_listed_on_the_profiling_page_with_its_sql_commands_and_no_input_values()
    {
        using var api = await ApiFixture.StartAsync(new Dictionary<string, string?> { ["Profiling:SlowRequestMilliseconds"] = "0" });
        var key = await api.ReaderAsync();
        const string secretPerson = "person-7f3a9c-not-for-profiles";
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync($"{api.Base}?distinct_id={secretPerson}")).StatusCode);

        using var dashboard = new Dashboard(api.App);
        await dashboard.SignInAsync();
        var (response, page) = await dashboard.GetAsync("/profiling");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = page.QuerySelectorAll("#slow-requests-table tr[data-profile]")
            .First(r => Regex.IsMatch(r.TextContent, @"GET /api/projects/\{project_id\}/session_recordings/?\s"));
        var (_, detail) = await dashboard.GetAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        var commands = detail.QuerySelectorAll("#commands-table tbody tr");
        Assert.Contains(commands, c => c.QuerySelector(".module")?.TextContent == "recordings"
            && c.QuerySelector("pre.sql")!.TextContent.Contains("FROM \"recordings\"", StringComparison.Ordinal));
        Assert.True(int.Parse(detail.QuerySelector("#profile-commands")!.TextContent) >= 1);
        Assert.DoesNotContain(secretPerson, detail.Body!.InnerHtml);
        Assert.DoesNotContain(secretPerson, page.Body!.InnerHtml);
    }

    [Fact]
    public async Task Every_dashboard_page_links_from_its_footer_to_its_own_profile()
    {
        using var app = new RecordingsApp();
        using var dashboard = new Dashboard(app);
        await dashboard.SignInAsync();
        var (_, environments) = await dashboard.GetAsync("/environments");
        var link = environments.QuerySelector("footer #page-profile")!.GetAttribute("href")!;
        var (response, profile) = await dashboard.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GET /environments", profile.QuerySelector("#profile-name")!.TextContent);
        Assert.Contains(profile.QuerySelectorAll("#commands-table .module"), m => m.TextContent == "environments");

        using var anonymous = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(link)).StatusCode);
    }
}
