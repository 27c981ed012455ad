using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>More recordings than one page holds: the list pages through them, counts them, charts them per day.</summary>
public sealed class ListPagingTests
{
    [Fact]
    public async Task Twenty_six_visits_fill_two_pages_that_keep_the_filters_with_their_count_a_chart_and_the_quota_used()
    {
        using var fixture = await ApiFixture.StartAsync();
        var env = await CaptureEnvironment.CreateAsync(fixture.App, s => s with { PlaybackQuota = 100 });
        var seeder = fixture.SeederFor(env);
        for (var i = 0; i < 26; i++) await seeder.ShopVisitAsync($"visit-{i:00}", startAgoMs: 600_000 - i * 10_000);
        using var admin = new Dashboard(fixture.App);
        await admin.SignInAsync();

        var (_, first) = await admin.GetAsync($"/environments/{env.Id}/recordings?url=shop.test");
        var rows = first.QuerySelectorAll("tr[data-session]").Select(r => r.GetAttribute("data-session")).ToList();
        Assert.Equal(25, rows.Count);
        Assert.Equal("visit-25", rows[0]);
        Assert.Contains("Page 1 of 2", first.Body!.TextContent);
        Assert.Contains("26 matching recordings", first.Body.TextContent);
        Assert.Contains("26 replayable, 0 behaviour only", first.QuerySelector("svg.chart")!.GetAttribute("aria-label"));
        Assert.Equal(30, first.QuerySelectorAll("svg.chart g").Length);
        Assert.Equal("26 of 100 playback sessions used", Usage(first.QuerySelector("[data-testid=quota-usage]")!.TextContent));

        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("url=shop.test", next);
        var (_, second) = await admin.GetAsync($"/environments/{env.Id}/recordings{next}");
        Assert.Equal(["visit-00"], second.QuerySelectorAll("tr[data-session]").Select(r => r.GetAttribute("data-session")));
        Assert.NotNull(second.QuerySelector("a[rel=prev]"));
        Assert.Null(second.QuerySelector("a[rel=next]"));
    }

    // "… used in December 2026": the period's name depends on today.
    private static string Usage(string text) => text[..text.IndexOf(" in ", StringComparison.Ordinal)];
}
