using System.Data.Common;
using Modules.Recordings.Data;

namespace Modules.Recordings.Storage;

/// <summary>
/// Inserts a group's <c>cold_segments</c> and <c>cold_chunks</c> rows with two prepared statements reused for every
/// row: the rows are written once and never updated, so EF Core's change tracking and batching buy nothing here
/// (they cost more than a second per run in a fresh process). Column names are the entities' (StorageModel).
/// </summary>
internal static class ColdIndexRows
{
    private const string SegmentSql = """
        INSERT INTO "cold_segments" ("RecordingId", "BlobKey", "RelativePath", "StartTimestampMs", "EndTimestampMs", "ByteLength", "RawByteLength", "ChunkCount", "Checksum", "CreatedAtMs")
        VALUES (@r, @k, @p, @s, @e, @b, @w, @n, @h, @c) RETURNING "Id"
        """;

    private const string ChunkSql = """
        INSERT INTO "cold_chunks" ("SegmentId", "Ordinal", "ChunkId", "WindowId", "Sequence", "FirstTimestampMs", "LastTimestampMs", "Offset", "Length", "EventCount", "RawByteLength")
        VALUES (@s, @o, @i, @w, @q, @f, @l, @p, @n, @e, @r)
        """;

    /// <summary>Runs inside the caller's transaction; sets each segment's <c>Id</c> and its chunks' <c>SegmentId</c>.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ColdSegmentRow> segments, CancellationToken ct)
    {
        await using var segment = PreparedSql.Prepare(connection, transaction, SegmentSql, "@r", "@k", "@p", "@s", "@e", "@b", "@w", "@n", "@h", "@c");
        await using var chunk = PreparedSql.Prepare(connection, transaction, ChunkSql, "@s", "@o", "@i", "@w", "@q", "@f", "@l", "@p", "@n", "@e", "@r");
        foreach (var s in segments)
        {
            s.Id = Convert.ToInt64(await segment.With(s.RecordingId, s.BlobKey, s.RelativePath, s.StartTimestampMs, s.EndTimestampMs,
                s.ByteLength, s.RawByteLength, s.ChunkCount, s.Checksum, s.CreatedAtMs).ExecuteScalarAsync(ct));
            foreach (var c in s.Chunks)
            {
                c.SegmentId = s.Id;
                await chunk.With(c.SegmentId, c.Ordinal, c.ChunkId, c.WindowId, c.Sequence, c.FirstTimestampMs, c.LastTimestampMs,
                    c.Offset, c.Length, c.EventCount, c.RawByteLength).ExecuteNonQueryAsync(ct);
            }
        }
    }
}
