using System.Data.Common;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Recordings.Tests.Support;

namespace Recordings.Tests.Capture;

/// <summary>
/// Reads what the server stored, straight from its recordings database: the SQLite file, or in a PostgreSQL run
/// (<see cref="PostgresServer.RunOnPostgres"/>) the module's schema of the server's database, with the same SQL (its
/// mixed-case column names quoted and <c>$name</c> parameters renamed for PostgreSQL).
/// </summary>
public sealed partial class CapturedData(string dataDirectory)
{
    public sealed record Recording(string SessionId, string Mode, long? PlaybackStartedAtMs, long StartMs, long EndMs, long ActiveMs,
        int Clicks, string? StartUrl, string? DistinctId);

    public sealed record Chunk(string WindowId, long Sequence, long FirstMs, long LastMs, int Events, string Jsonl);

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string, object)[] args)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = connection is NpgsqlConnection ? ForPostgres(sql) : sql;
        foreach (var (name, value) in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = connection is NpgsqlConnection ? name.TrimStart('$') : name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private DbConnection Connect() => PostgresServer.DatabaseOf(dataDirectory) is { } database
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { SearchPath = "recordings", Pooling = false }.ToString())
        : new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "recordings.db")};Mode=ReadOnly;Pooling=False");

    /// <summary>
    /// The SQLite text for PostgreSQL: EF's mixed-case column names (<c>SessionId</c>) quoted, outside string literals
    /// (upper-case keywords and lower-case table names stay as they are); <c>$s</c> becomes <c>@s</c>.
    /// </summary>
    internal static string ForPostgres(string sql) =>
        string.Concat(Literal().Split(sql).Select((part, i) => i % 2 == 1 ? part
            : Parameter().Replace(MixedCase().Replace(part, m => $"\"{m.Value}\""), "@$1")));

    [GeneratedRegex("('[^']*')")] private static partial Regex Literal();
    [GeneratedRegex(@"\b(?=[A-Za-z0-9_]*[a-z])(?=[A-Za-z0-9_]*[A-Z])[A-Za-z_][A-Za-z0-9_]*\b")] private static partial Regex MixedCase();
    [GeneratedRegex(@"\$([a-z]\w*)")] private static partial Regex Parameter();

    public async Task<long> CountAsync(string table) =>
        (await QueryAsync($"SELECT COUNT(*) FROM {table}", r => r.GetInt64(0)))[0];

    public async Task<long> CountAllAsync() =>
        await CountAsync("recordings") + await CountAsync("behavior_events") + await CountAsync("snapshot_chunks") + await CountAsync("ingested_batches");

    public async Task<Recording?> RecordingAsync(string sessionId) => (await QueryAsync(
        "SELECT SessionId, TrackingMode, PlaybackStartedAtMs, StartTimeMs, EndTimeMs, ActiveMs, ClickCount, StartUrl, DistinctId FROM recordings WHERE SessionId = $s",
        r => new Recording(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
            r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)),
        ("$s", sessionId))).SingleOrDefault();

    public Task<List<Chunk>> ChunksAsync(string sessionId) => QueryAsync(
        "SELECT c.WindowId, c.Sequence, c.FirstTimestampMs, c.LastTimestampMs, c.EventCount, c.GzipData FROM snapshot_chunks c " +
        "JOIN recordings r ON r.Id = c.RecordingId WHERE r.SessionId = $s ORDER BY c.FirstTimestampMs",
        r => new Chunk(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt32(4), Gunzip((byte[])r[5])),
        ("$s", sessionId));

    /// <summary>Each chunk's gzip bytes exactly as stored.</summary>
    public Task<List<byte[]>> ChunkBytesAsync(string sessionId) => QueryAsync(
        "SELECT c.GzipData FROM snapshot_chunks c JOIN recordings r ON r.Id = c.RecordingId WHERE r.SessionId = $s ORDER BY c.FirstTimestampMs",
        r => (byte[])r[0], ("$s", sessionId));

    public Task<List<(string Type, long TimestampMs, string? Text, string? Selector)>> EventsAsync(string sessionId) => QueryAsync(
        "SELECT e.Type, e.TimestampMs, e.Text, e.Selector FROM behavior_events e JOIN recordings r ON r.Id = e.RecordingId " +
        "WHERE r.SessionId = $s ORDER BY e.TimestampMs",
        r => (r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)),
        ("$s", sessionId));

    /// <summary>Every stored byte as text: all columns of all rows, with the snapshot chunks decompressed.</summary>
    public async Task<string> EverythingAsync()
    {
        var parts = new List<string>();
        foreach (var table in new[] { "recordings", "behavior_events", "ingested_batches" })
            parts.AddRange(await QueryAsync($"SELECT * FROM {table}",
                r => string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i))))));
        parts.AddRange(await QueryAsync("SELECT GzipData FROM snapshot_chunks", r => Gunzip((byte[])r[0])));
        return string.Join("\n", parts);
    }

    public static string Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }
}
