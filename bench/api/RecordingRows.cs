using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace ApiBench;

/// <summary>
/// Seeds recordings straight into the server's database (after its migrations ran): into SQLite with one prepared
/// INSERT in one transaction, into PostgreSQL with binary COPY. Both get the same rows (one seeded generator): start
/// times over 30 days, durations up to an hour, a twentieth of the sessions behaviour-only, a tenth with console errors,
/// one person per ten sessions, a third of the recordings viewed by the first admin, every recording archived (one cold
/// segment row each, no file: the list only asks whether a recording has one).
/// </summary>
internal static class RecordingRows
{
    private static readonly string[] Paths = ["", "products/", "cart/", "blog/", "help/"];
    private const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private sealed record Row(long Id, string SessionId, string? DistinctId, string Mode, long Start, long End, long Active, int Clicks, int Keys,
        int Mouse, int Logs, int Warns, int Errors, string Url, long Bytes, bool Persisted, bool Viewed);

    private static IEnumerable<Row> Generate(int count)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        const long thirtyDays = 30L * 24 * 3600 * 1000;
        for (var i = 0; i < count; i++)
        {
            var start = now - (long)(random.NextDouble() * thirtyDays);
            var duration = (long)(Math.Pow(random.NextDouble(), 3) * 3_600_000);
            var active = (long)(duration * random.NextDouble());
            var distinct = random.Next(10) == 0 ? null : $"user-{random.Next(Math.Max(1, count / 10))}";
            var mode = random.Next(20) == 0 ? "behavior" : "playback";
            yield return new Row(i + 1, $"bench-{i:D8}", distinct, mode, start, start + duration, active, random.Next(200), random.Next(500),
                random.Next(2000), random.Next(30), random.Next(5), random.Next(10) == 0 ? random.Next(1, 20) : 0,
                $"https://shop.example/{Paths[random.Next(Paths.Length)]}{random.Next(1000)}", random.Next(10_000, 5_000_000),
                random.Next(100) == 0, random.Next(3) == 0);
        }
    }

    private const string ColdSegments = """
        INSERT INTO cold_segments ("RecordingId", "BlobKey", "RelativePath", "StartTimestampMs", "EndTimestampMs", "ByteLength", "RawByteLength",
          "ChunkCount", "Checksum", "CreatedAtMs")
        SELECT "Id", 'bench-' || "Id", 'bench/' || "Id", "StartTimeMs", "EndTimeMs", "SnapshotBytes" / 5, "SnapshotBytes", 1, 'bench', "EndTimeMs" FROM recordings
        """;

    public static TimeSpan SeedSqlite(string databaseFile, int environmentId, int count)
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
            INSERT INTO recordings (Id, EnvironmentId, SessionId, DistinctId, TrackingMode, StartTimeMs, EndTimeMs, ActiveMs, InactiveMs,
              LastActivityMs, ClickCount, KeypressCount, MouseActivityCount, ConsoleLogCount, ConsoleWarnCount, ConsoleErrorCount,
              StartUrl, StartUrlTimestampMs, BrowserInfo, SnapshotBytes, Persisted, CreatedAtMs)
            VALUES ($id, $env, $session, $distinct, $mode, $start, $end, $active, $inactive, $end, $clicks, $keys, $mouse, $logs, $warns,
              $errors, $url, $start, $ua, $bytes, $persisted, $start)
            """;
        string[] names = ["$id", "$env", "$session", "$distinct", "$mode", "$start", "$end", "$active", "$inactive", "$clicks", "$keys", "$mouse",
            "$logs", "$warns", "$errors", "$url", "$ua", "$bytes", "$persisted"];
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        insert.Prepare();
        using var view = connection.CreateCommand();
        view.Transaction = tx;
        view.CommandText = "INSERT INTO recording_views (RecordingId, AdminId, FirstViewedAtMs) VALUES ($id, 1, $viewedAt)";
        var viewId = view.Parameters.Add(new SqliteParameter("$id", null));
        var viewedAt = view.Parameters.Add(new SqliteParameter("$viewedAt", null));
        view.Prepare();
        foreach (var r in Generate(count))
        {
            p["$id"].Value = r.Id;
            p["$env"].Value = environmentId;
            p["$session"].Value = r.SessionId;
            p["$distinct"].Value = (object?)r.DistinctId ?? DBNull.Value;
            p["$mode"].Value = r.Mode;
            p["$start"].Value = r.Start;
            p["$end"].Value = r.End;
            p["$active"].Value = r.Active;
            p["$inactive"].Value = r.End - r.Start - r.Active;
            p["$clicks"].Value = r.Clicks;
            p["$keys"].Value = r.Keys;
            p["$mouse"].Value = r.Mouse;
            p["$logs"].Value = r.Logs;
            p["$warns"].Value = r.Warns;
            p["$errors"].Value = r.Errors;
            p["$url"].Value = r.Url;
            p["$ua"].Value = UserAgent;
            p["$bytes"].Value = r.Bytes;
            p["$persisted"].Value = r.Persisted;
            insert.ExecuteNonQuery();
            if (!r.Viewed) continue;
            viewId.Value = r.Id;
            viewedAt.Value = r.End;
            view.ExecuteNonQuery();
        }
        using (var segments = connection.CreateCommand())
        {
            segments.Transaction = tx;
            segments.CommandText = ColdSegments.Replace("\"", "");
            segments.ExecuteNonQuery();
        }
        tx.Commit();
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        return watch.Elapsed;
    }

    /// <summary>
    /// Binary COPY into the recordings module's schema, the identity moved past the ids, then VACUUM ANALYZE: the
    /// statistics and visibility map autovacuum would have built by the time a real table holds a million rows.
    /// </summary>
    public static async Task<TimeSpan> SeedPostgresAsync(string connectionString, int environmentId, int count)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "recordings" }.ToString());
        await connection.OpenAsync();
        var views = new List<(long Id, long At)>();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY recordings ("Id", "EnvironmentId", "SessionId", "DistinctId", "TrackingMode", "StartTimeMs", "EndTimeMs", "ActiveMs", "InactiveMs",
              "LastActivityMs", "ClickCount", "KeypressCount", "MouseActivityCount", "ConsoleLogCount", "ConsoleWarnCount", "ConsoleErrorCount",
              "StartUrl", "StartUrlTimestampMs", "BrowserInfo", "SnapshotBytes", "Persisted", "CreatedAtMs") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in Generate(count))
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Id, NpgsqlDbType.Bigint);
                await copy.WriteAsync(environmentId, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.SessionId, NpgsqlDbType.Varchar);
                if (r.DistinctId is null) await copy.WriteNullAsync();
                else await copy.WriteAsync(r.DistinctId, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Mode, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Start, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.End, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Active, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.End - r.Start - r.Active, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.End, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Clicks, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Keys, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Mouse, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Logs, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Warns, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Errors, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Url, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Start, NpgsqlDbType.Bigint);
                await copy.WriteAsync(UserAgent, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Bytes, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Persisted, NpgsqlDbType.Boolean);
                await copy.WriteAsync(r.Start, NpgsqlDbType.Bigint);
                if (r.Viewed) views.Add((r.Id, r.End));
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""COPY recording_views ("RecordingId", "AdminId", "FirstViewedAtMs") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var (id, at) in views)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Bigint);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(at, NpgsqlDbType.Bigint);
            }
            await copy.CompleteAsync();
        }
        foreach (var sql in new[]
        {
            ColdSegments,
            """SELECT setval(pg_get_serial_sequence('recordings', 'Id'), (SELECT max("Id") FROM recordings))""",
            "VACUUM (ANALYZE) recordings",
            "VACUUM (ANALYZE) recording_views",
            "VACUUM (ANALYZE) cold_segments",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
        return watch.Elapsed;
    }
}
