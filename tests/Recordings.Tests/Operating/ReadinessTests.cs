using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Operating;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_turns_unhealthy_when_the_cold_directory_is_not_writable_and_healthy_again_after()
    {
        using var app = new RecordingsApp();
        using var client = app.NewClient();
        // Hangfire's server registers itself just after start.
        var last = "";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.GetAsync("/readyz");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK) break;
            Assert.True(DateTime.UtcNow < deadline, $"not ready 30 s after start: {last}");
            await Task.Delay(100);
        }
        var ready = await (await client.GetAsync("/readyz")).JsonAsync();
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        foreach (var check in new[] { "environments", "recordings", "sharing", "cold-storage", "jobs" })
            Assert.Equal("healthy", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());

        // Root may write into any directory whatever its mode, so the directory is replaced by a file instead.
        var cold = Path.Combine(app.DataDirectory, "cold");
        Directory.Move(cold, cold + ".away");
        await File.WriteAllTextAsync(cold, "not a directory");
        var broken = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        var checks = (await broken.JsonAsync()).GetProperty("checks");
        Assert.Equal("unhealthy", checks.GetProperty("cold-storage").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("recordings").GetProperty("status").GetString());
        // Liveness is about the process and its databases: it stays up.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        File.Delete(cold);
        Directory.Move(cold + ".away", cold);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }
}
