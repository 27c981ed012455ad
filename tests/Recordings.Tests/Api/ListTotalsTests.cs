using System.Net;
using Microsoft.Data.Sqlite;
using Recordings.Tests.Support;

namespace Recordings.Tests.Api;

/// <summary>
/// Totals of 10 000 and more are cached for 10 s; a persist or a delete made through the API must show in the very
/// next list all the same. (Without dropping the cache the old total stayed for the cache's lifetime.)
/// </summary>
public sealed class ListTotalsTests : IAsyncLifetime
{
    private const int Recordings = 10_002;
    private ApiFixture api = null!;
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        api = await ApiFixture.StartAsync();
        admin = await api.AdminAsync();
        SeedRecordings(Path.Combine(api.App.DataDirectory, "recordings.db"), api.Environment.Id, Recordings);
    }

    [Fact]
    public async Task A_cached_total_drops_at_once_when_a_recording_is_persisted_or_deleted()
    {
        Assert.Equal(Recordings, await CountAsync(""));
        Assert.Equal(Recordings, await CountAsync("?persisted=false"));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(api.Base + "/cached-1/persist", null)).StatusCode);
        Assert.Equal(Recordings - 1, await CountAsync("?persisted=false"));
        Assert.Equal(Recordings, await CountAsync(""));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(api.Base + "/cached-2")).StatusCode);
        Assert.Equal(Recordings - 1, await CountAsync(""));
        Assert.Equal(Recordings - 2, await CountAsync("?persisted=false"));
    }

    private async Task<int> CountAsync(string query) =>
        (await (await admin.GetAsync(api.Base + query)).JsonAsync()).GetProperty("count").GetInt32();

    // Ten thousand sessions through the ingestion endpoints would take minutes: rows go straight into the file, as
    // the API benchmark seeds them.
    private static void SeedRecordings(string databaseFile, int environmentId, int count)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO recordings (EnvironmentId, SessionId, TrackingMode, StartTimeMs, EndTimeMs, ActiveMs, InactiveMs, LastActivityMs,
              ClickCount, KeypressCount, MouseActivityCount, ConsoleLogCount, ConsoleWarnCount, ConsoleErrorCount, StartUrlTimestampMs, SnapshotBytes, Persisted, CreatedAtMs)
            VALUES ($env, $session, 'playback', $start, $start + 60000, 30000, 30000, $start + 60000, 0, 0, 0, 0, 0, 0, $start, 0, 0, $start)
            """;
        insert.Parameters.AddWithValue("$env", environmentId);
        var session = insert.Parameters.Add("$session", SqliteType.Text);
        var start = insert.Parameters.Add("$start", SqliteType.Integer);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < count; i++)
        {
            session.Value = $"cached-{i}";
            start.Value = now - i * 1000L;
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public Task DisposeAsync()
    {
        api.Dispose();
        return Task.CompletedTask;
    }
}
