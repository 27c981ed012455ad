using System.Net;
using System.Net.Http.Headers;
using Modules.Environments.Contracts;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

public sealed class SessionEventsApiTests
{
    [Fact]
    public async Task A_sessions_events_are_listed_page_by_page_including_those_from_before_playback_started()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        var client = new IngestClient(http, env.Token);
        await client.BeginAsync("api-session");
        await client.SendAsync(client.Batch("api-session", sequence: 1, clicks: 3));
        await client.StartPlaybackAsync("api-session");
        await client.SendAsync(client.Batch("api-session", sequence: 2, clicks: 2));

        var key = await CaptureEnvironment.ApiKeyAsync(app, ApiScopes.RecordingRead);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var first = await (await http.GetAsync($"/api/projects/{env.Id}/sessions/api-session/events?limit=4")).JsonAsync();
        Assert.Equal(5, first.GetProperty("count").GetInt32());
        Assert.Equal(4, first.GetProperty("results").GetArrayLength());
        Assert.All(first.GetProperty("results").EnumerateArray(), e => Assert.Equal("click", e.GetProperty("type").GetString()));
        var next = first.GetProperty("next").GetString()!;
        var second = await (await http.GetAsync(next)).JsonAsync();
        Assert.Equal(1, second.GetProperty("results").GetArrayLength());
        Assert.Equal(JsonValueKindNull, second.GetProperty("next").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task The_events_api_needs_a_key_with_the_recording_read_scope()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var env = await CaptureEnvironment.CreateAsync(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/projects/{env.Id}/sessions/x/events")).StatusCode);
        var key = await CaptureEnvironment.ApiKeyAsync(app, ApiScopes.SharingRead);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/projects/{env.Id}/sessions/x/events")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_session_answers_404()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var env = await CaptureEnvironment.CreateAsync(app);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CaptureEnvironment.ApiKeyAsync(app, ApiScopes.RecordingRead));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/projects/{env.Id}/sessions/nobody/events")).StatusCode);
    }
}
