using Microsoft.Extensions.DependencyInjection;
using Modules.Sharing;
using Recordings.Tests.Api;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>Recorded HTML is untrusted: what every page that can show it, and every other page, tells the browser.</summary>
public sealed class SecurityHeaderTests
{
    [Fact]
    public async Task Every_dashboard_player_and_share_page_forbids_recorded_scripts_and_embedding_and_inlines_no_script()
    {
        using var fixture = await ApiFixture.StartAsync();
        await fixture.Seeder.ShopVisitAsync("visit");
        using var admin = new Dashboard(fixture.App);
        await admin.SignInAsync();
        string token;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
            token = (await scope.ServiceProvider.GetRequiredService<ISharingModule>().SetEnabledAsync(fixture.Environment.Id, "visit", true, null)).AccessToken!;

        var list = $"/environments/{fixture.Environment.Id}/recordings";
        foreach (var path in new[] { "/environments", list, $"{list}/visit", $"/shared/{token}", "/shared/unknown" })
        {
            var (response, page) = await admin.GetAsync(path);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            var scripts = Directive(policy, "script-src");
            Assert.True(scripts == "'self'", $"{path}: script-src {scripts}");
            Assert.Equal("'none'", Directive(policy, "frame-ancestors"));
            Assert.Equal("'none'", Directive(policy, "object-src"));
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            // Recorded data reaches the player only through the snapshots endpoint, never inside the page's scripts.
            Assert.All(page.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), $"{path} has an inline script"));
        }
    }

    private static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..];
}
