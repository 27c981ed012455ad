using System.Data.Common;
using Modules.Recordings.Data;
using Modules.Recordings.Jobs;

namespace Modules.Recordings.Storage;

/// <summary>
/// Reads one planned segment's hot chunks with one prepared statement on the module's connection, copying their bytes
/// straight from SQLite into the segment's buffer (no array per chunk). Rows of the recording that are not in the plan
/// (a chunk that arrived since) are passed over without reading their bytes. Plain SQL, see <see cref="PreparedSql"/>.
/// </summary>
internal sealed class HotChunkReader(DbConnection connection) : IAsyncDisposable
{
    private const int Bytes = 7;

    private readonly DbCommand command = PreparedSql.Prepare(connection, null, """
        SELECT "Id", "WindowId", "Sequence", "FirstTimestampMs", "LastTimestampMs", "EventCount", "RawByteLength", "GzipData"
        FROM "snapshot_chunks" WHERE "RecordingId" = @recording AND "FirstTimestampMs" >= @from ORDER BY "FirstTimestampMs", "Id"
        """, "@recording", "@from");

    /// <summary>The segment's chunks in file order, their bytes appended to <paramref name="bytes"/> at their offsets.</summary>
    public async Task<List<ColdChunkRow>> ReadAsync(PlannedSegment segment, SegmentBuffer bytes, CancellationToken ct)
    {
        var wanted = segment.ChunkIds.ToHashSet();
        var chunks = new List<ColdChunkRow>(wanted.Count);
        // In the plan's order, so the segment's chunks come first and in the order they are written.
        await using var reader = await command.With(segment.RecordingId, segment.FirstTimestampMs).ExecuteReaderAsync(ct);
        while (chunks.Count < wanted.Count && await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            if (!wanted.Contains(id)) continue;
            var length = (int)reader.GetBytes(Bytes, 0, null, 0, 0);
            var offset = bytes.Append(length);
            reader.GetBytes(Bytes, 0, bytes.Array, offset, length);
            chunks.Add(new ColdChunkRow
            {
                Ordinal = chunks.Count, ChunkId = id, WindowId = reader.GetString(1), Sequence = reader.GetInt64(2),
                FirstTimestampMs = reader.GetInt64(3), LastTimestampMs = reader.GetInt64(4), EventCount = reader.GetInt32(5),
                RawByteLength = reader.GetInt64(6), Offset = offset, Length = length,
            });
        }
        if (chunks.Count != wanted.Count)
            throw new InvalidOperationException($"Expected {wanted.Count} hot chunks of recording {segment.RecordingId}, found {chunks.Count}.");
        return chunks;
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
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
