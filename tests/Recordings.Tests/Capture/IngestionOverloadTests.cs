using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

public sealed class IngestionOverloadTests
{
    [Fact]
    public async Task An_environment_over_its_queue_allowance_gets_503_with_retry_after_and_nothing_is_stored()
    {
        using var app = new RecordingsApp(settings: new Dictionary<string, string?> { ["Ingestion:MaxPendingBatchesPerEnvironment"] = "0" });
        using var http = app.NewClient();
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new IngestClient(http, env.Token);
        var response = await client.SendAsync(client.Batch("busy-session", sequence: 1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("overloaded", (await IngestClient.BodyAsync(response)).GetProperty("code").GetString());
        Assert.Equal(0, await new CapturedData(app.DataDirectory).CountAllAsync());
    }

    [Fact]
    public async Task Starting_playback_twice_counts_the_session_once_against_the_quota()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true, PlaybackQuota = 5 });
        var client = new IngestClient(http, env.Token);
        var begin = await IngestClient.BodyAsync(await client.BeginAsync("twice"));
        Assert.Equal("behavior", begin.GetProperty("mode").GetString());
        Assert.Equal("manual_start", begin.GetProperty("reason").GetString());
        for (var i = 0; i < 2; i++)
            Assert.Equal("playback", (await IngestClient.BodyAsync(await client.StartPlaybackAsync("twice"))).GetProperty("mode").GetString());
        Assert.Equal(1, (await CaptureEnvironment.QuotaUsageAsync(app, env.Id)).Used);
        var recording = await new CapturedData(app.DataDirectory).RecordingAsync("twice");
        Assert.Equal("playback", recording!.Mode);
        Assert.NotNull(recording.PlaybackStartedAtMs);
    }
}
