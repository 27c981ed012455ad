using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modules.Environments.Contracts;

namespace Recordings.Tests.Api;

/// <summary><c>PATCH …/session_recordings/:id</c> as PostHog's player and scripts send it: viewed and analyzed.</summary>
public sealed class RecordingUpdateTests : IAsyncLifetime
{
    private ApiFixture fixture = null!;
    private int adminId;

    public async Task InitializeAsync()
    {
        fixture = await ApiFixture.StartAsync();
        await fixture.Seeder.ShopVisitAsync("visit");
        await fixture.Seeder.ShopVisitAsync("other");
        adminId = (await fixture.NewAdminAsync("patch@example.com")).Id;
    }

    public Task DisposeAsync()
    {
        fixture.Dispose();
        return Task.CompletedTask;
    }

    private Task<HttpClient> WriterAsync(int? admin) => fixture.ClientAsync([ApiScopes.RecordingRead, ApiScopes.RecordingWrite], null, admin);

    private static Task<HttpResponseMessage> Patch(HttpClient key, string path, string json) =>
        key.PatchAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<bool> Viewed(HttpClient key, string id) =>
        JsonDocument.Parse(await key.GetStringAsync($"{fixture.Base}/{id}")).RootElement.GetProperty("viewed").GetBoolean();

    [Fact]
    public async Task Patching_viewed_true_marks_the_recording_viewed_for_the_keys_admin_only_and_answers_the_recording()
    {
        var key = await WriterAsync(adminId);
        Assert.False(await Viewed(key, "visit"));
        // PostHog's player sends player_metadata beside viewed.
        var response = await Patch(key, $"{fixture.Base}/visit", """{"viewed": true, "player_metadata": {"recording_duration": 12}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("visit", answer.GetProperty("id").GetString());
        Assert.True(answer.GetProperty("viewed").GetBoolean());
        Assert.False(answer.GetProperty("analyzed").GetBoolean());
        Assert.True(await Viewed(key, "visit"));
        Assert.False(await Viewed(key, "other"));
        var otherAdmin = await fixture.ReaderAsync((await fixture.NewAdminAsync("someone-else@example.com")).Id);
        Assert.False(await Viewed(otherAdmin, "visit"));
    }

    [Fact]
    public async Task Patching_analyzed_true_is_kept_and_shown_in_later_answers()
    {
        var key = await WriterAsync(null);
        var first = await Patch(key, $"{fixture.Base}/visit", """{"analyzed": true}""");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("analyzed").GetBoolean());
        // A later answer reads it back from storage; the other recording is not analysed.
        var later = await (await Patch(key, $"{fixture.Base}/visit", "{}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(later.GetProperty("analyzed").GetBoolean());
        var other = await (await Patch(key, $"{fixture.Base}/other", "{}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(other.GetProperty("analyzed").GetBoolean());
        Assert.True(await fixture.Recordings().Catalog.IsAnalyzedAsync(fixture.Environment.Id, "visit"));
    }

    [Fact]
    public async Task Viewed_with_a_key_made_without_an_admin_is_refused_with_400_naming_it_and_marks_nothing()
    {
        var key = await WriterAsync(null);
        var response = await Patch(key, $"{fixture.Base}/visit", """{"viewed": true, "analyzed": true}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("viewed", error.GetProperty("attr").GetString());
        Assert.Contains("admin", error.GetProperty("detail").GetString());
        Assert.False(await fixture.Recordings().Catalog.IsAnalyzedAsync(fixture.Environment.Id, "visit"));
    }

    [Theory]
    [InlineData("""{"viewed": true, "pinned": true, "colour": "red"}""", "pinned")]
    [InlineData("""{"viewed": "yes"}""", "viewed")]
    [InlineData("""{"viewed": false}""", "viewed")]
    [InlineData("""{"analyzed": 1}""", "analyzed")]
    [InlineData("""{"player_metadata": 3}""", "player_metadata")]
    public async Task Unknown_or_unusable_fields_are_refused_with_400_naming_them_and_change_nothing(string body, string attr)
    {
        var key = await WriterAsync(adminId);
        var response = await Patch(key, $"{fixture.Base}/visit", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(attr, error.GetProperty("attr").GetString());
        if (body.Contains("colour")) Assert.Contains("pinned, colour", error.GetProperty("detail").GetString());
        Assert.False(await Viewed(key, "visit"));
    }

    [Fact]
    public async Task Patching_needs_the_write_scope_and_an_unknown_recording_answers_404()
    {
        var reader = await fixture.ReaderAsync(adminId);
        Assert.Equal(HttpStatusCode.Forbidden, (await Patch(reader, $"{fixture.Base}/visit", """{"viewed": true}""")).StatusCode);
        Assert.False(await Viewed(reader, "visit"));
        var key = await WriterAsync(adminId);
        Assert.Equal(HttpStatusCode.NotFound, (await Patch(key, $"{fixture.Base}/nobody", """{"viewed": true}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Patch(key, $"{fixture.Base}/nobody", """{"analyzed": true}""")).StatusCode);
    }
}
