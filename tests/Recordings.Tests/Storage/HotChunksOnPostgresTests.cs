using Npgsql;
using Recordings.Tests.Api;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>The ingestion writer's PostgreSQL path: a group's statements sent as batches, chunk bytes not compressed again.</summary>
[Trait("Category", "Postgres")]
public sealed class HotChunksOnPostgresTests
{
    [Fact]
    public async Task On_postgres_concurrent_sessions_store_each_chunk_once_in_a_column_postgres_does_not_compress_again()
    {
        var connectionString = PostgresServer.NewDatabase();
        using var api = await ApiFixture.StartAsync(PostgresServer.Settings(connectionString));
        // Eight sessions at once, so the writer stores groups of several batches of several recordings.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => api.Seeder.ShopVisitAsync($"pg-chunks-{i}")));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(8L, await ScalarAsync(connection, """
            SELECT count(DISTINCT r."SessionId") FROM recordings.snapshot_chunks c JOIN recordings.recordings r ON r."Id" = c."RecordingId"
            WHERE r."SessionId" LIKE 'pg-chunks-%'
            """));
        Assert.Equal(0L, await ScalarAsync(connection, """
            SELECT count(*) FROM (SELECT 1 FROM recordings.snapshot_chunks GROUP BY "RecordingId", "WindowId", "Sequence" HAVING count(*) > 1) twice
            """));
        Assert.Equal(8L, await ScalarAsync(connection, """SELECT count(*) FROM recordings.recordings WHERE "SessionId" LIKE 'pg-chunks-%'"""));
        // gzip already: 'e' (EXTERNAL) keeps the bytes out of line without trying pglz on them.
        Assert.Equal("e", (await ScalarObjectAsync(connection, """
            SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'recordings.snapshot_chunks'::regclass AND attname = 'GzipData'
            """))?.ToString());
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql) => Convert.ToInt64(await ScalarObjectAsync(connection, sql));

    private static async Task<object?> ScalarObjectAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
