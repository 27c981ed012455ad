using Microsoft.Data.Sqlite;
using Npgsql;

namespace IngestBench;

/// <summary>What a phase stored: the chunks of its sessions (the session ids' prefix) and their rrweb events.</summary>
internal static class Stored
{
    public static async Task<(long Chunks, long Events)> InSqliteAsync(string file, string sessionPrefix)
    {
        await using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*), COALESCE(SUM(c.EventCount), 0) FROM snapshot_chunks c JOIN recordings r ON r.Id = c.RecordingId " +
            "WHERE r.SessionId LIKE $prefix";
        query.Parameters.AddWithValue("$prefix", sessionPrefix + "%");
        return await ReadAsync(query);
    }

    /// <summary>The Recordings module's tables are in its schema, <c>recordings</c>, their columns named as the entity's properties.</summary>
    public static async Task<(long Chunks, long Events)> InPostgresAsync(string connectionString, string sessionPrefix)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = """
            SELECT COUNT(*), COALESCE(SUM(c."EventCount"), 0) FROM recordings.snapshot_chunks c JOIN recordings.recordings r ON r."Id" = c."RecordingId"
            WHERE r."SessionId" LIKE @prefix
            """;
        query.Parameters.AddWithValue("prefix", sessionPrefix + "%");
        return await ReadAsync(query);
    }

    private static async Task<(long, long)> ReadAsync(System.Data.Common.DbCommand query)
    {
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1)));
    }
}
