using System.Net;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_answers_ok_and_every_module_database_file_exists()
    {
        using var app = new RecordingsApp();
        using var client = app.NewClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        foreach (var file in new[] { "environments.db", "recordings.db", "sharing.db" })
            Assert.True(File.Exists(Path.Combine(app.DataDirectory, file)), file);
    }
}
