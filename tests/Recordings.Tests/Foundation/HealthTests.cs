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

public sealed class HealthFailureTests
{
    [Fact]
    public async Task Healthz_answers_503_naming_the_module_whose_database_is_unreachable()
    {
        using var app = new RecordingsApp();
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(Path.Combine(app.DataDirectory, "sharing.db" + suffix));
        Directory.CreateDirectory(Path.Combine(app.DataDirectory, "sharing.db"));

        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var modules = (await response.JsonAsync()).GetProperty("modules");
        Assert.False(modules.GetProperty("sharing").GetBoolean());
        Assert.True(modules.GetProperty("environments").GetBoolean());
    }
}
