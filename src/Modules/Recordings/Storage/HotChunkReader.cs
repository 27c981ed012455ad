using System.Data.Common;
using Microsoft.Data.Sqlite;
using Modules.Recordings.Data;
using Modules.Recordings.Jobs;
using SQLitePCL;

namespace Modules.Recordings.Storage;

/// <summary>
/// Reads one planned segment's hot chunks with one prepared statement on the module's connection, appending their
/// bytes to the segment's buffer (no array per chunk). Rows of the recording that are not in the plan (a chunk that
/// arrived since) are passed over without reading their bytes. Plain SQL, see <see cref="Data.PreparedSql"/>.
/// On SQLite the statement is stepped through SQLite's own API and each chunk is copied once, from the memory
/// <c>sqlite3_column_blob</c> points at into the buffer: Microsoft.Data.Sqlite's <c>GetBytes</c> took about 2.5 times
/// as long to read the archive benchmark's hot chunks (docs/storage.md). Any other database goes through ADO.NET.
/// </summary>
internal sealed class HotChunkReader : IAsyncDisposable
{
    private const int Bytes = 7;
    private const string Sql = """
        SELECT "Id", "WindowId", "Sequence", "FirstTimestampMs", "LastTimestampMs", "EventCount", "RawByteLength", "GzipData"
        FROM "snapshot_chunks" WHERE "RecordingId" = @recording AND "FirstTimestampMs" >= @from ORDER BY "FirstTimestampMs", "Id"
        """;

    private readonly sqlite3? database;
    private readonly sqlite3_stmt? statement;
    private readonly DbCommand? command;

    public HotChunkReader(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            database = handle;
            Check(raw.sqlite3_prepare_v2(handle, Sql, out statement));
        }
        else command = PreparedSql.Prepare(connection, null, Sql, "@recording", "@from");
    }

    /// <summary>The segment's chunks in file order, their bytes appended to <paramref name="bytes"/> at their offsets.</summary>
    public async Task<List<ColdChunkRow>> ReadAsync(PlannedSegment segment, SegmentBuffer bytes, CancellationToken ct)
    {
        var wanted = segment.ChunkIds.ToHashSet();
        var chunks = new List<ColdChunkRow>(wanted.Count);
        // In the plan's order, so the segment's chunks come first and in the order they are written.
        if (statement is not null) ReadSqlite(segment, wanted, chunks, bytes);
        else await ReadAdoAsync(segment, wanted, chunks, bytes, ct);
        if (chunks.Count != wanted.Count)
            throw new InvalidOperationException($"Expected {wanted.Count} hot chunks of recording {segment.RecordingId}, found {chunks.Count}.");
        return chunks;
    }

    private void ReadSqlite(PlannedSegment segment, HashSet<long> wanted, List<ColdChunkRow> chunks, SegmentBuffer bytes)
    {
        var s = statement!;
        try
        {
            Check(raw.sqlite3_bind_int64(s, 1, segment.RecordingId));
            Check(raw.sqlite3_bind_int64(s, 2, segment.FirstTimestampMs));
            while (chunks.Count < wanted.Count)
            {
                var step = raw.sqlite3_step(s);
                if (step == raw.SQLITE_DONE) break;
                if (step != raw.SQLITE_ROW) Check(step);
                var id = raw.sqlite3_column_int64(s, 0);
                if (!wanted.Contains(id)) continue;
                var blob = raw.sqlite3_column_blob(s, Bytes);
                var offset = bytes.Append(blob.Length);
                blob.CopyTo(bytes.Array.AsSpan(offset));
                chunks.Add(Row(chunks.Count, id, raw.sqlite3_column_text(s, 1).utf8_to_string(), raw.sqlite3_column_int64(s, 2),
                    raw.sqlite3_column_int64(s, 3), raw.sqlite3_column_int64(s, 4), raw.sqlite3_column_int(s, 5), raw.sqlite3_column_int64(s, 6),
                    offset, blob.Length));
            }
        }
        finally
        {
            raw.sqlite3_reset(s);
        }
    }

    private async Task ReadAdoAsync(PlannedSegment segment, HashSet<long> wanted, List<ColdChunkRow> chunks, SegmentBuffer bytes, CancellationToken ct)
    {
        await using var reader = await command!.With(segment.RecordingId, segment.FirstTimestampMs).ExecuteReaderAsync(ct);
        while (chunks.Count < wanted.Count && await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            if (!wanted.Contains(id)) continue;
            var length = (int)reader.GetBytes(Bytes, 0, null, 0, 0);
            var offset = bytes.Append(length);
            reader.GetBytes(Bytes, 0, bytes.Array, offset, length);
            chunks.Add(Row(chunks.Count, id, reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt32(5), reader.GetInt64(6), offset, length));
        }
    }

    private static ColdChunkRow Row(int ordinal, long id, string window, long sequence, long first, long last, int events, long rawLength, int offset, int length) =>
        new()
        {
            Ordinal = ordinal, ChunkId = id, WindowId = window, Sequence = sequence, FirstTimestampMs = first, LastTimestampMs = last,
            EventCount = events, RawByteLength = rawLength, Offset = offset, Length = length,
        };

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, database);
    }

    public ValueTask DisposeAsync()
    {
        statement?.Dispose();
        return command?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}

/// <summary>One segment's bytes, in one array reused for every segment of a run (it grows to the largest segment).</summary>
internal sealed class SegmentBuffer
{
    public byte[] Array { get; private set; } = new byte[1 << 20];
    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Makes room for <paramref name="count"/> more bytes; returns where they go.</summary>
    public int Append(int count)
    {
        if (Length + count > Array.Length)
        {
            var larger = new byte[Math.Max(Array.Length * 2, Length + count)];
            Array.AsSpan(0, Length).CopyTo(larger);
            Array = larger;
        }
        var offset = Length;
        Length += count;
        return offset;
    }
}
