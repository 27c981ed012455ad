using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments.Contracts;
using Modules.Sharing;
using Recordings.Tests.Capture;

namespace Recordings.Tests.Api;

/// <summary><c>bulk_delete</c> and <c>bulk_viewed</c> as PostHog's clients send them, checked against the route's environment.</summary>
public sealed class BulkTests
{
    private static Task<HttpResponseMessage> Post(HttpClient key, string path, string json) =>
        key.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Ids(params string[] ids) => JsonSerializer.Serialize(new { session_recording_ids = ids });

    [Fact]
    public async Task Bulk_delete_removes_each_recording_of_the_environment_hot_cold_and_shared_and_leaves_other_environments_alone()
    {
        var (api, _) = await SnapshotTests.PartColdPartHotAsync("doomed");
        using var __ = api;
        await api.Seeder.ShopVisitAsync("twin");
        await api.Seeder.ShopVisitAsync("survivor");
        var other = await api.NewEnvironmentAsync();
        var otherSeeder = api.SeederFor(other);
        await otherSeeder.ShopVisitAsync("twin");
        await otherSeeder.ShopVisitAsync("elsewhere");
        var admin = await api.AdminAsync();
        var token = (await SeededApi.JsonOf(await admin.PatchAsJsonAsync(api.Base + "/doomed/sharing", new { enabled = true })))
            .GetProperty("access_token").GetString()!;
        var sharing = api.App.Service(sp => sp.GetRequiredService<ISharingModule>());
        var cold = Path.Combine(api.App.DataDirectory, "cold");
        List<string> Segments() => Directory.EnumerateFiles(cold, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        Assert.NotEmpty(Segments());
        var data = new CapturedData(api.App.DataDirectory);
        Assert.NotEmpty(await data.ChunksAsync("doomed"));

        var response = await Post(admin, api.Base + "/bulk_delete", Ids("doomed", "twin", "elsewhere", "nobody", "doomed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await SeededApi.JsonOf(response);
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal(2, answer.GetProperty("deleted_count").GetInt32());
        Assert.Equal(5, answer.GetProperty("total_requested").GetInt32());
        Assert.Equal(0, answer.GetProperty("failed_ids").GetArrayLength());
        Assert.Equal(["elsewhere", "nobody"], answer.GetProperty("not_found_ids").EnumerateArray().Select(e => e.GetString()));
        foreach (var id in (string[])["doomed", "twin"])
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{api.Base}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(api.Base + "/survivor")).StatusCode);
        Assert.Null(await sharing.ResolveAsync(token));
        Assert.Empty(await data.ChunksAsync("doomed"));
        Assert.Empty(Segments());
        // The other environment's recordings, one with the same session id, are untouched.
        var otherKey = await api.ClientAsync([ApiScopes.RecordingRead], [other.Id]);
        foreach (var id in (string[])["twin", "elsewhere"])
            Assert.Equal(HttpStatusCode.OK, (await otherKey.GetAsync($"/api/projects/{other.Id}/session_recordings/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("bulk_delete")]
    [InlineData("bulk_viewed")]
    public async Task A_bulk_call_takes_1_to_100_ids_and_refuses_anything_else_with_400_changing_nothing(string action)
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("kept");
        var owner = await api.NewAdminAsync("bulk@example.com");
        var key = await api.ClientAsync([ApiScopes.RecordingRead, ApiScopes.RecordingWrite], null, owner.Id);
        var tooMany = Ids([.. Enumerable.Range(0, 100).Select(i => $"s{i}"), "kept"]);
        foreach (var body in (string[])[tooMany, Ids(), """{"session_recording_ids": "kept"}""", """{"session_recording_ids": ["kept", 7]}""", "{}",
                     """{"session_recording_ids": ["kept"], "date_from": "-3d"}""", "[\"kept\"]", "not json"])
        {
            var response = await Post(key, $"{api.Base}/{action}", body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode}");
            var error = await SeededApi.JsonOf(response);
            Assert.Equal("validation_error", error.GetProperty("type").GetString());
            if (body.Contains("date_from")) Assert.Equal("date_from", error.GetProperty("attr").GetString());
        }
        var recording = await SeededApi.JsonOf(await key.GetAsync(api.Base + "/kept"));
        Assert.False(recording.GetProperty("viewed").GetBoolean());
        var hundred = await Post(key, $"{api.Base}/{action}", Ids([.. Enumerable.Range(0, 99).Select(i => $"s{i}"), "kept"]));
        Assert.Equal(HttpStatusCode.OK, hundred.StatusCode);
        Assert.Equal(100, (await SeededApi.JsonOf(hundred)).GetProperty("total_requested").GetInt32());
    }

    [Fact]
    public async Task Bulk_viewed_marks_the_environments_recordings_viewed_for_the_keys_admin_only()
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("a");
        await api.Seeder.ShopVisitAsync("b");
        await api.Seeder.ShopVisitAsync("c");
        var other = await api.NewEnvironmentAsync();
        await api.SeederFor(other).ShopVisitAsync("a");
        var owner = await api.NewAdminAsync("viewer@example.com");
        var key = await api.ClientAsync([ApiScopes.RecordingRead, ApiScopes.RecordingWrite], null, owner.Id);

        var answer = await SeededApi.JsonOf(await Post(key, api.Base + "/bulk_viewed", Ids("a", "b", "nobody")));

        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal(2, answer.GetProperty("viewed_count").GetInt32());
        Assert.Equal(3, answer.GetProperty("total_requested").GetInt32());
        async Task<bool> Viewed(HttpClient k, string basePath, string id) =>
            (await SeededApi.JsonOf(await k.GetAsync($"{basePath}/{id}"))).GetProperty("viewed").GetBoolean();
        Assert.True(await Viewed(key, api.Base, "a"));
        Assert.True(await Viewed(key, api.Base, "b"));
        Assert.False(await Viewed(key, api.Base, "c"));
        Assert.False(await Viewed(key, $"/api/projects/{other.Id}/session_recordings", "a"));
        var someoneElse = await api.ReaderAsync((await api.NewAdminAsync("else@example.com")).Id);
        Assert.False(await Viewed(someoneElse, api.Base, "a"));
    }

    [Fact]
    public async Task Bulk_calls_need_the_write_scope_and_bulk_viewed_a_key_made_by_an_admin()
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("a");
        var reader = await api.ReaderAsync();
        foreach (var action in (string[])["bulk_delete", "bulk_viewed"])
            Assert.Equal(HttpStatusCode.Forbidden, (await Post(reader, $"{api.Base}/{action}", Ids("a"))).StatusCode);
        var noAdmin = await api.ClientAsync([ApiScopes.RecordingRead, ApiScopes.RecordingWrite]);
        var refused = await Post(noAdmin, api.Base + "/bulk_viewed", Ids("a"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("admin", (await SeededApi.JsonOf(refused)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(api.Base + "/a")).StatusCode);
    }
}
