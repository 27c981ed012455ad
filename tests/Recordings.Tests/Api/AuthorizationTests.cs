using System.Net;
using System.Net.Http.Json;
using Modules.Environments.Contracts;

namespace Recordings.Tests.Api;

/// <summary>Who may call what: keys see only their environments (404 otherwise), read keys cannot write (403).</summary>
public sealed class AuthorizationTests
{
    /// <summary>Every endpoint of the seed, as (method, path under session_recordings, body).</summary>
    public static readonly (HttpMethod Method, string Path, object? Body)[] Endpoints =
    [
        (HttpMethod.Get, "", null),
        (HttpMethod.Get, "/{id}", null),
        (HttpMethod.Delete, "/{id}", null),
        (HttpMethod.Post, "/{id}/persist", null),
        (HttpMethod.Get, "/{id}/snapshots", null),
        (HttpMethod.Get, "/{id}/snapshots?source=realtime", null),
        (HttpMethod.Post, "/{id}/summarize", null),
        (HttpMethod.Get, "/{id}/similar_sessions", null),
        (HttpMethod.Get, "/{id}/sharing", null),
        (HttpMethod.Patch, "/{id}/sharing", new { enabled = true }),
        (HttpMethod.Get, "/error_clusters", null),
        (HttpMethod.Get, "/matching_events?session_ids={id}&event=click", null),
        (HttpMethod.Get, "/properties?session_ids={id}", null),
    ];

    private static HttpRequestMessage Request((HttpMethod Method, string Path, object? Body) e, int project, string id) =>
        new(e.Method, $"/api/projects/{project}/session_recordings{e.Path.Replace("{id}", id)}")
        {
            Content = e.Body is null ? null : JsonContent.Create(e.Body),
        };

    [Fact]
    public async Task A_key_of_environment_A_gets_404_for_every_endpoint_on_environment_Bs_recordings()
    {
        using var api = await ApiFixture.StartAsync();
        var other = await api.NewEnvironmentAsync();
        await api.SeederFor(other).ShopVisitAsync("b-secret", error: "boom");
        await api.Seeder.ShopVisitAsync("a-own");
        var keyOfA = await api.ClientAsync([.. ApiScopes.All], [api.Environment.Id]);
        foreach (var endpoint in Endpoints)
        {
            // B's project id, and B's recording id under A's own project: neither reveals anything.
            var direct = await keyOfA.SendAsync(Request(endpoint, other.Id, "b-secret"));
            Assert.True(direct.StatusCode == HttpStatusCode.NotFound, $"{endpoint.Method} {endpoint.Path} on B's project: {(int)direct.StatusCode}");
            if (!endpoint.Path.Contains("{id}")) continue;
            var crossed = await keyOfA.SendAsync(Request(endpoint, api.Environment.Id, "b-secret"));
            var matchingOrProperties = endpoint.Path.StartsWith("/properties", StringComparison.Ordinal);
            if (matchingOrProperties)
                Assert.Equal(0, (await crossed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("results").GetArrayLength());
            else
                Assert.True(crossed.StatusCode == HttpStatusCode.NotFound, $"{endpoint.Method} {endpoint.Path} with B's id under A: {(int)crossed.StatusCode}");
        }
        // Nothing of B's changed: its recording is still there and not shared.
        var admin = await api.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/projects/{other.Id}/session_recordings/b-secret")).StatusCode);
        var errors = await admin.GetStringAsync($"/api/projects/{api.Environment.Id}/session_recordings/error_clusters");
        Assert.DoesNotContain("boom", errors);
    }

    [Fact]
    public async Task A_read_key_cannot_delete_persist_or_share_and_nothing_changes()
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("kept");
        var reader = await api.ClientAsync([ApiScopes.RecordingRead, ApiScopes.SharingRead]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync(api.Base + "/kept")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync(api.Base + "/kept/persist", null)).StatusCode);
        var share = await reader.PatchAsJsonAsync(api.Base + "/kept/sharing", new { enabled = true });
        Assert.Equal(HttpStatusCode.Forbidden, share.StatusCode);
        Assert.Equal("permission_denied", (await SeededApi.JsonOf(share)).GetProperty("code").GetString());
        var recording = await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/kept"));
        Assert.False(recording.GetProperty("persisted").GetBoolean());
        Assert.False((await SeededApi.JsonOf(await reader.GetAsync(api.Base + "/kept/sharing"))).GetProperty("enabled").GetBoolean());
        var sharingOnly = await api.ClientAsync([ApiScopes.SharingRead]);
        Assert.Equal(HttpStatusCode.Forbidden, (await sharingOnly.GetAsync(api.Base + "/kept")).StatusCode);
        var recordingsOnly = await api.ClientAsync([ApiScopes.RecordingRead]);
        Assert.Equal(HttpStatusCode.Forbidden, (await recordingsOnly.GetAsync(api.Base + "/kept/sharing")).StatusCode);
    }

    [Fact]
    public async Task Without_a_valid_key_every_endpoint_answers_401_and_a_wrong_method_405_all_as_json()
    {
        using var api = await ApiFixture.StartAsync();
        var anonymous = api.App.NewClient();
        foreach (var endpoint in Endpoints)
        {
            var response = await anonymous.SendAsync(Request(endpoint, api.Environment.Id, "x"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("authentication_error", (await SeededApi.JsonOf(response)).GetProperty("type").GetString());
        }
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "rk_not_a_key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(api.Base)).StatusCode);
        var admin = await api.AdminAsync();
        var wrongMethod = await admin.PutAsync(api.Base + "/x/persist", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("method_not_allowed", (await SeededApi.JsonOf(wrongMethod)).GetProperty("code").GetString());
    }
}
