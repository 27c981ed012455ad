using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

public sealed class IngestionDurabilityTests
{
    [Fact]
    public async Task Acknowledged_batches_are_still_there_after_the_server_restarts()
    {
        var dataDirectory = TempDirectory.Create("durability");
        string token;
        using (var app = new RecordingsApp(dataDirectory))
        using (var http = app.NewClient())
        {
            token = (await CaptureEnvironment.CreateAsync(app)).Token;
            var client = new IngestClient(http, token);
            var sends = Enumerable.Range(1, 20).Select(i => client.SendAsync(client.Batch($"durable-{i % 4}", sequence: i), gzip: true));
            Assert.All(await Task.WhenAll(sends), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }
        using var restarted = new RecordingsApp(dataDirectory);
        var stored = new CapturedData(dataDirectory);
        Assert.Equal(20, await stored.CountAsync("snapshot_chunks"));
        Assert.Equal(20, await stored.CountAsync("ingested_batches"));
        Assert.Equal(4, await stored.CountAsync("recordings"));
    }
}

public sealed class IngestionCorsTests
{
    [Fact]
    public async Task A_preflight_is_answered_for_any_origin_without_credentials()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Options, "/ingest/batch");
        request.Headers.Add("Origin", "https://shop.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://shop.test", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_foreign_origin_is_refused_and_not_allowed_to_read_the_answer()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { AllowedOrigins = ["https://shop.test"] });
        var client = new IngestClient(http, env.Token);
        var allowed = await client.BeginAsync("cors-session", origin: "https://shop.test");
        var foreign = await client.BeginAsync("cors-session-2", origin: "https://evil.test");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://shop.test", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Null(await new CapturedData(app.DataDirectory).RecordingAsync("cors-session-2"));
    }
}
