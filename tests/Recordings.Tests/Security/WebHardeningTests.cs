using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Sharing;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Security;

/// <summary>
/// Issue 15's web defects (6, 7, 10, 11, 12), each as an attacker would try it on 127.0.0.1: the answer is a 4xx
/// (with the API's JSON error where it is an API or ingestion answer), nothing is changed, and the server stays healthy.
/// </summary>
public sealed class WebHardeningTests
{
    private static async Task AssertHealthyAsync(RecordingsApp app)
    {
        using var http = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    private static Task<PlaybackQuotaUsage> UsageAsync(RecordingsApp app, int environmentId) => CaptureEnvironment.QuotaUsageAsync(app, environmentId);

    private static async Task<object?> RecordingAsync(RecordingsApp app, int environmentId, string session) =>
        await app.Service(sp => sp.GetRequiredService<IRecordingCatalog>()).GetRecordingAsync(environmentId, session, null);

    // Defect 6 ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_demo_page_shows_an_environments_token_only_to_a_signed_in_admin()
    {
        using var app = new RecordingsApp();
        using (var admin = new Dashboard(app)) await admin.SignInAsync();
        var env = await CaptureEnvironment.CreateAsync(app);
        using var anonymous = app.NewClient();
        var response = await anonymous.GetAsync($"/demo?environment={env.Id}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.OriginalString.Replace(app.BaseAddress.ToString().TrimEnd('/'), ""));
        Assert.DoesNotContain(env.Token, await response.Content.ReadAsStringAsync());

        using var signedIn = new Dashboard(app);
        await signedIn.SignInAsync();
        var (ok, page) = await signedIn.GetAsync($"/demo?environment={env.Id}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(env.Token, page.QuerySelector("script[data-token]")!.GetAttribute("data-token"));
    }

    [Fact]
    public async Task An_environment_with_allowed_origins_refuses_ingestion_without_an_origin_and_stores_nothing()
    {
        using var app = new RecordingsApp();
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { AllowedOrigins = ["https://shop.test"] });
        var client = new IngestClient(app.NewClient(), env.Token);

        await ErrorAsync(await client.BeginAsync("no-origin"), HttpStatusCode.Forbidden, "foreign_origin");
        await ErrorAsync(await client.StartPlaybackAsync("no-origin"), HttpStatusCode.Forbidden, "foreign_origin");
        await ErrorAsync(await client.SendAsync(client.Batch("no-origin", 1)), HttpStatusCode.Forbidden, "foreign_origin");
        Assert.Null(await RecordingAsync(app, env.Id, "no-origin"));
        Assert.Equal(0, (await UsageAsync(app, env.Id)).Used);

        Assert.Equal(HttpStatusCode.OK, (await client.BeginAsync("with-origin", origin: "https://shop.test")).StatusCode);
        await AssertHealthyAsync(app);
    }

    [Fact]
    public async Task Session_starts_are_limited_per_client_address_with_429_retry_after_and_a_json_error()
    {
        using var app = new RecordingsApp(settings: new Dictionary<string, string?> { ["RateLimits:SessionStartsPerAddressPerMinute"] = "5" });
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(app.NewClient(), env.Token);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.BeginAsync($"real-{i}", origin: "https://shop.test")).StatusCode);

        var refused = await client.BeginAsync("made-up", origin: "https://shop.test");
        await ErrorAsync(refused, (HttpStatusCode)429, "rate_limited");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        // The SDK on the site can read the refusal and its Retry-After.
        Assert.Equal("https://shop.test", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Retry-After", refused.Headers.GetValues("Access-Control-Expose-Headers").Single());
        await ErrorAsync(await client.StartPlaybackAsync("made-up-2"), (HttpStatusCode)429, "rate_limited");
        Assert.Null(await RecordingAsync(app, env.Id, "made-up"));
        Assert.Equal(5, (await UsageAsync(app, env.Id)).Used);
        await AssertHealthyAsync(app);
    }

    [Fact]
    public async Task Playback_reservations_are_limited_per_environment_on_every_endpoint_and_a_full_quota_spends_no_permit()
    {
        using var app = new RecordingsApp(settings: new Dictionary<string, string?> { ["RateLimits:PlaybackReservationsPerEnvironmentPerMinute"] = "3" });
        var env = await CaptureEnvironment.CreateAsync(app);
        var other = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(app.NewClient(), env.Token);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.BeginAsync($"s{i}")).StatusCode);

        var refused = await client.BeginAsync("s3");
        await ErrorAsync(refused, (HttpStatusCode)429, "rate_limited");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        // A batch of a session that never began would reserve too: refused the same way, not acknowledged, nothing stored.
        await ErrorAsync(await client.SendAsync(client.Batch("batch-only", 1)), (HttpStatusCode)429, "rate_limited");
        Assert.Null(await RecordingAsync(app, env.Id, "batch-only"));
        Assert.Equal(3, (await UsageAsync(app, env.Id)).Used);
        // Sessions already in playback go on, and another environment has its own allowance.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(client.Batch("s0", 1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await new IngestClient(app.NewClient(), other.Token).BeginAsync("elsewhere")).StatusCode);

        var full = await CaptureEnvironment.CreateAsync(app, s => s with { PlaybackQuota = 1 });
        var fullClient = new IngestClient(app.NewClient(), full.Token);
        for (var i = 0; i < 6; i++)
        {
            var answer = await fullClient.BeginAsync($"f{i}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(i == 0 ? "playback" : "behavior", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mode").GetString());
        }
        await AssertHealthyAsync(app);
    }

    // Defect 7 ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_key_with_only_sharing_write_cannot_turn_a_link_on_but_can_turn_it_off()
    {
        using var fixture = await ApiFixture.StartAsync();
        await fixture.Seeder.ShopVisitAsync("shared");
        var sharingOnly = await fixture.ClientAsync([ApiScopes.SharingWrite]);
        var path = $"{fixture.Base}/shared/sharing";

        var refused = await sharingOnly.PatchAsync(path, JsonContent.Create(new { enabled = true }));
        var error = await ErrorAsync(refused, HttpStatusCode.Forbidden, "permission_denied");
        Assert.Contains("session_recording:read", error.GetProperty("detail").GetString());
        Assert.False((await (await sharingOnly.GetAsync(path)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enabled").GetBoolean());

        var both = await fixture.ClientAsync([ApiScopes.SharingWrite, ApiScopes.RecordingRead]);
        var on = await both.PatchAsync(path, JsonContent.Create(new { enabled = true }));
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sharingOnly.PatchAsync(path, JsonContent.Create(new { enabled = false }))).StatusCode);
        await AssertHealthyAsync(fixture.App);
    }

    // Defect 10 --------------------------------------------------------------------------------------------------

    private static HttpClient CopyOfCookie(RecordingsApp app, CookieContainer from)
    {
        var cookie = from.GetCookies(app.BaseAddress)["recordings.admin"]!;
        var copy = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        copy.DefaultRequestHeaders.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        return copy;
    }

    [Fact]
    public async Task A_copied_sign_in_cookie_stops_working_after_sign_out()
    {
        using var app = new RecordingsApp();
        var cookies = new CookieContainer();
        using var admin = new Dashboard(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress });
        await admin.SignInAsync();
        using var copy = CopyOfCookie(app, cookies);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api-keys")).StatusCode);

        var (_, page) = await admin.GetAsync("/environments");
        var (signedOut, _) = await admin.SubmitAsync(page, "form[action='/account/sign-out'] button");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var after = await copy.GetAsync("/api-keys");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location!.OriginalString);
        await AssertHealthyAsync(app);
    }

    [Fact]
    public async Task Sign_out_everywhere_a_new_password_and_removal_end_every_session_of_that_admin_only()
    {
        using var app = new RecordingsApp();
        using (var first = new Dashboard(app)) await first.SignInAsync();
        var environments = EnvironmentsRoles.Of(app);
        await environments.Admins.CreateAdminAsync("other@example.com", Dashboard.Password);
        using var laptop = new Dashboard(app);
        using var phone = new Dashboard(app);
        using var colleague = new Dashboard(app, "other@example.com");
        foreach (var d in new[] { laptop, phone, colleague }) await d.SignInAsync();

        var (_, page) = await laptop.GetAsync("/environments");
        await laptop.SubmitAsync(page, "form[action='/account/sign-out?handler=Everywhere'] button");
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Client.GetAsync("/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.Client.GetAsync("/api-keys")).StatusCode);

        await environments.Admins.ChangeAdminPasswordAsync("other@example.com", "a new long password");
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.Client.GetAsync("/api-keys")).StatusCode);

        using var again = new Dashboard(app, "other@example.com", "a new long password");
        await again.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await again.Client.GetAsync("/api-keys")).StatusCode);
        await environments.Admins.RemoveAdminAsync("other@example.com");
        Assert.Equal(HttpStatusCode.Redirect, (await again.Client.GetAsync("/api-keys")).StatusCode);
        await AssertHealthyAsync(app);
    }

    // Defect 11 --------------------------------------------------------------------------------------------------

    private static async Task<HttpStatusCode> TrySignInAsync(RecordingsApp app, string email, string password, string? forwardedFor)
    {
        using var guesser = new Dashboard(app, email, password);
        if (forwardedFor is not null) guesser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var (_, page) = await guesser.GetAsync("/account/sign-in");
        var (response, _) = await guesser.SubmitAsync(page, "main button[type=submit]",
            new Dictionary<string, string?> { ["email"] = email, ["password"] = password });
        return response.StatusCode;
    }

    [Fact]
    public async Task Sign_in_is_throttled_per_account_even_from_many_forwarded_addresses_and_other_accounts_still_sign_in()
    {
        using var app = new RecordingsApp(settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1", ["RateLimits:SignInAttemptsPerAccountPerMinute"] = "3",
        });
        using (var first = new Dashboard(app)) await first.SignInAsync();
        await app.Service(sp => sp.GetRequiredService<IAdminAccounts>()).CreateAdminAsync("other@example.com", Dashboard.Password);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add(await TrySignInAsync(app, Dashboard.Email, $"guess {i}", $"203.0.113.{i + 1}"));
        // Five addresses, one account: three tries, then 429 whatever the address.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Redirect, await TrySignInAsync(app, "other@example.com", Dashboard.Password, "203.0.113.99"));
        await AssertHealthyAsync(app);
    }

    [Fact]
    public async Task A_forwarded_address_from_an_unconfigured_proxy_does_not_escape_the_per_address_limit()
    {
        using var app = new RecordingsApp(settings: new Dictionary<string, string?> { ["RateLimits:SignInAttemptsPerAccountPerMinute"] = "100" });
        using (var first = new Dashboard(app)) await first.SignInAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++) statuses.Add(await TrySignInAsync(app, $"nobody{i}@example.com", "wrong password", $"198.51.100.{i + 1}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    // Defect 12 --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_jobs_dashboard_has_a_content_security_policy_and_cannot_be_framed()
    {
        using var app = new RecordingsApp();
        using var admin = new Dashboard(app);
        await admin.SignInAsync();
        var (response, _) = await admin.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_directory_is_private_to_the_server_and_its_databases_and_cold_files_too()
    {
        var parent = TempDirectory.Create("private");
        var data = Path.Combine(parent, "data");
        await using var app = new RecordingsApp(data, Storage.StorageTestSite.Settings());
        var env = await CaptureEnvironment.CreateAsync(app);
        await new RecordingSeeder(app.NewClient(), env.Token).ShopVisitAsync("kept");
        var run = await app.Service(sp => sp.GetRequiredService<IRecordingStorage>()).RunStorageJobAsync("archive-snapshots");
        Assert.True(run.Counts["chunks_moved"] > 0);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock")).ToList();
        Assert.Contains(files, f => f.EndsWith(".db"));
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}cold{Path.DirectorySeparatorChar}"));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{f}: {File.GetUnixFileMode(f)}"));
    }

    [Fact]
    public async Task Next_links_ignore_an_injected_host_and_forwarded_headers_from_anyone_but_a_configured_proxy()
    {
        using var fixture = await ApiFixture.StartAsync();
        await fixture.Seeder.ShopVisitAsync("a");
        await fixture.Seeder.ShopVisitAsync("b");
        var api = await fixture.ClientAsync([ApiScopes.RecordingRead]);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.Base}?limit=1");
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var next = (await (await api.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("next").GetString()!;
        Assert.DoesNotContain("evil.example", next);
        Assert.StartsWith(fixture.App.BaseAddress.ToString().TrimEnd('/') + fixture.Base, next);
    }

    [Fact]
    public async Task Behind_a_configured_tls_proxy_links_use_its_forwarded_host_and_cookies_are_secure()
    {
        using var fixture = await ApiFixture.StartAsync(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" });
        await fixture.Seeder.ShopVisitAsync("a");
        await fixture.Seeder.ShopVisitAsync("b");
        var api = await fixture.ClientAsync([ApiScopes.RecordingRead]);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.Base}?limit=1");
        request.Headers.Add("X-Forwarded-Host", "recordings.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var next = (await (await api.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("next").GetString()!;
        Assert.StartsWith($"https://recordings.example{fixture.Base}", next);

        using var admin = new Dashboard(fixture.App);
        admin.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var (_, setup) = await admin.GetAsync("/setup");
        var (created, _) = await admin.SubmitAsync(setup, "button[type=submit]", new Dictionary<string, string?>
            { ["email"] = Dashboard.Email, ["password"] = Dashboard.Password, ["confirm"] = Dashboard.Password });
        Assert.Contains(created.Headers.GetValues("Set-Cookie"), c => c.StartsWith("recordings.admin=") && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_configured_public_url_names_every_link()
    {
        using var fixture = await ApiFixture.StartAsync(new Dictionary<string, string?> { ["PublicUrl"] = "https://replays.example.org" });
        await fixture.Seeder.ShopVisitAsync("a");
        await fixture.Seeder.ShopVisitAsync("b");
        var api = await fixture.ClientAsync([ApiScopes.RecordingRead]);
        var page = await (await api.GetAsync($"{fixture.Base}?limit=1")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith($"https://replays.example.org{fixture.Base}", page.GetProperty("next").GetString());
    }
}
