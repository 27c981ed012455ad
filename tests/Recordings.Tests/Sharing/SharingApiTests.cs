using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments.Contracts;
using Modules.Sharing;
using Recordings.Tests.Api;

namespace Recordings.Tests.Sharing;

/// <summary>
/// <c>PATCH …/sharing</c> changing only the expiry of a link that is on, and <c>POST …/sharing/refresh</c>, checked
/// through the public link's snapshot listing (what the share page loads).
/// </summary>
public sealed class SharingApiTests : IAsyncLifetime
{
    private ApiFixture fixture = null!;
    private HttpClient admin = null!;
    private HttpClient visitor = null!;

    public async Task InitializeAsync()
    {
        fixture = await ApiFixture.StartAsync();
        await fixture.Seeder.ShopVisitAsync("rec");
        admin = await fixture.AdminAsync();
        visitor = fixture.App.NewClient();
    }

    public Task DisposeAsync()
    {
        visitor.Dispose();
        fixture.Dispose();
        return Task.CompletedTask;
    }

    private string Sharing => fixture.Base + "/rec/sharing";

    private async Task<JsonElement> PatchAsync(string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await admin.PatchAsync(Sharing, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await SeededApi.JsonOf(response);
        Assert.True(response.StatusCode == expected, $"{json}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<bool> OpensAsync(string token) => (await visitor.GetAsync($"/shared/{token}/snapshots")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task Changing_only_the_expiry_of_a_link_that_is_on_keeps_its_token_and_null_clears_the_expiry()
    {
        var on = await PatchAsync("""{"enabled": true}""");
        var token = on.GetProperty("access_token").GetString()!;
        Assert.True(await OpensAsync(token));
        var expiry = DateTimeOffset.UtcNow.AddDays(3);

        var changed = await PatchAsync(JsonSerializer.Serialize(new { enabled = true, expires_at = expiry }));

        Assert.True(changed.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("access_token").ValueKind);
        Assert.Equal(expiry.ToUnixTimeSeconds(), changed.GetProperty("expires_at").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.True(await OpensAsync(token));
        var read = await SeededApi.JsonOf(await admin.GetAsync(Sharing));
        Assert.Equal(expiry.ToUnixTimeSeconds(), read.GetProperty("expires_at").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(on.GetProperty("created_at").GetDateTimeOffset(), read.GetProperty("created_at").GetDateTimeOffset());

        var cleared = await PatchAsync("""{"enabled": true, "expires_at": null}""");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("expires_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await SeededApi.JsonOf(await admin.GetAsync(Sharing))).GetProperty("expires_at").ValueKind);
        Assert.True(await OpensAsync(token));
        // Leaving expires_at out changes nothing either.
        await PatchAsync(JsonSerializer.Serialize(new { enabled = true, expires_at = expiry }));
        var kept = await PatchAsync("""{"enabled": true}""");
        Assert.Equal(expiry.ToUnixTimeSeconds(), kept.GetProperty("expires_at").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.True(await OpensAsync(token));
    }

    [Fact]
    public async Task Refresh_issues_a_new_token_and_the_old_one_opens_nothing_at_once()
    {
        var old = (await PatchAsync("""{"enabled": true}""")).GetProperty("access_token").GetString()!;
        Assert.True(await OpensAsync(old));

        var response = await admin.PostAsync(Sharing + "/refresh", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refreshed = await SeededApi.JsonOf(response);
        var token = refreshed.GetProperty("access_token").GetString()!;
        Assert.NotEqual(old, token);
        Assert.True(refreshed.GetProperty("enabled").GetBoolean());
        Assert.False(await OpensAsync(old));
        Assert.Null(await fixture.App.Service(sp => sp.GetRequiredService<ISharingModule>()).ResolveAsync(old));
        Assert.True(await OpensAsync(token));
    }

    [Fact]
    public async Task Refresh_is_refused_for_a_link_that_is_off_without_the_scopes_and_for_an_unknown_recording()
    {
        var off = await admin.PostAsync(Sharing + "/refresh", null);
        Assert.Equal(HttpStatusCode.BadRequest, off.StatusCode);
        Assert.Equal("enabled", (await SeededApi.JsonOf(off)).GetProperty("attr").GetString());
        await PatchAsync("""{"enabled": true}""");
        var sharingOnly = await fixture.ClientAsync([ApiScopes.SharingRead, ApiScopes.SharingWrite]);
        Assert.Equal(HttpStatusCode.Forbidden, (await sharingOnly.PostAsync(Sharing + "/refresh", null)).StatusCode);
        var reader = await fixture.ReaderAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync(Sharing + "/refresh", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(fixture.Base + "/nobody/sharing/refresh", null)).StatusCode);
    }

    [Fact]
    public async Task A_sharing_change_with_an_unknown_field_or_a_past_expiry_is_refused_and_changes_nothing()
    {
        var token = (await PatchAsync("""{"enabled": true}""")).GetProperty("access_token").GetString()!;
        var unknown = await PatchAsync("""{"enabled": true, "password_required": true}""", HttpStatusCode.BadRequest);
        Assert.Equal("password_required", unknown.GetProperty("attr").GetString());
        var past = await PatchAsync("""{"enabled": true, "expires_at": "2000-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest);
        Assert.Equal("expires_at", past.GetProperty("attr").GetString());
        Assert.Equal(JsonValueKind.Null, (await SeededApi.JsonOf(await admin.GetAsync(Sharing))).GetProperty("expires_at").ValueKind);
        Assert.True(await OpensAsync(token));
    }
}
