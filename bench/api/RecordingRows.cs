using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ApiBench;

/// <summary>
/// Seeds recordings straight into the server's SQLite file (after its migrations ran): one prepared INSERT in one
/// transaction. Values are spread like a real environment's: start times over 30 days, durations up to an hour, a
/// twentieth of the sessions behaviour-only, a tenth with console errors, one person per ten sessions.
/// </summary>
internal static class RecordingRows
{
    private static readonly string[] Paths = ["", "products/", "cart/", "blog/", "help/"];

    public static TimeSpan Seed(string databaseFile, int environmentId, int count)
    {
        var watch = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO recordings (EnvironmentId, SessionId, DistinctId, TrackingMode, StartTimeMs, EndTimeMs, ActiveMs, InactiveMs,
              LastActivityMs, ClickCount, KeypressCount, MouseActivityCount, ConsoleLogCount, ConsoleWarnCount, ConsoleErrorCount,
              StartUrl, StartUrlTimestampMs, BrowserInfo, SnapshotBytes, Persisted, CreatedAtMs)
            VALUES ($env, $session, $distinct, $mode, $start, $end, $active, $inactive, $end, $clicks, $keys, $mouse, $logs, $warns,
              $errors, $url, $start, $ua, $bytes, $persisted, $start)
            """;
        string[] names = ["$env", "$session", "$distinct", "$mode", "$start", "$end", "$active", "$inactive", "$clicks", "$keys", "$mouse",
            "$logs", "$warns", "$errors", "$url", "$ua", "$bytes", "$persisted"];
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        insert.Prepare();
        // A third of the recordings viewed by the first admin.
        using var view = connection.CreateCommand();
        view.Transaction = tx;
        view.CommandText = "INSERT INTO recording_views (RecordingId, AdminId, FirstViewedAtMs) VALUES (last_insert_rowid(), 1, $viewedAt)";
        var viewedAt = view.Parameters.Add(new SqliteParameter("$viewedAt", null));
        view.Prepare();
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        const long thirtyDays = 30L * 24 * 3600 * 1000;
        for (var i = 0; i < count; i++)
        {
            var start = now - (long)(random.NextDouble() * thirtyDays);
            var duration = (long)(Math.Pow(random.NextDouble(), 3) * 3_600_000);
            var active = (long)(duration * random.NextDouble());
            p["$env"].Value = environmentId;
            p["$session"].Value = $"bench-{i:D8}";
            p["$distinct"].Value = random.Next(10) == 0 ? DBNull.Value : $"user-{random.Next(Math.Max(1, count / 10))}";
            p["$mode"].Value = random.Next(20) == 0 ? "behavior" : "playback";
            p["$start"].Value = start;
            p["$end"].Value = start + duration;
            p["$active"].Value = active;
            p["$inactive"].Value = duration - active;
            p["$clicks"].Value = random.Next(200);
            p["$keys"].Value = random.Next(500);
            p["$mouse"].Value = random.Next(2000);
            p["$logs"].Value = random.Next(30);
            p["$warns"].Value = random.Next(5);
            p["$errors"].Value = random.Next(10) == 0 ? random.Next(1, 20) : 0;
            p["$url"].Value = $"https://shop.example/{Paths[random.Next(Paths.Length)]}{random.Next(1000)}";
            p["$ua"].Value = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
            p["$bytes"].Value = random.Next(10_000, 5_000_000);
            p["$persisted"].Value = random.Next(100) == 0;
            insert.ExecuteNonQuery();
            if (random.Next(3) == 0)
            {
                viewedAt.Value = start + duration;
                view.ExecuteNonQuery();
            }
        }
        tx.Commit();
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        return watch.Elapsed;
    }
}
