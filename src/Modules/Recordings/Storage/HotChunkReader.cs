using System.Data.Common;
using Modules.Recordings.Data;
using Modules.Recordings.Jobs;

namespace Modules.Recordings.Storage;

/// <summary>
/// Reads one planned segment's hot chunks, bytes included, with one prepared statement on the module's connection.
/// Rows of the recording that are not in the plan (a chunk that arrived since) are passed over without reading their
/// bytes. Plain SQL, see <see cref="PreparedSql"/>.
/// </summary>
internal sealed class HotChunkReader(DbConnection connection) : IAsyncDisposable
{
    private readonly DbCommand command = PreparedSql.Prepare(connection, null, """
        SELECT "Id", "WindowId", "Sequence", "FirstTimestampMs", "LastTimestampMs", "EventCount", "RawByteLength", "GzipData"
        FROM "snapshot_chunks" WHERE "RecordingId" = @recording AND "FirstTimestampMs" >= @from ORDER BY "FirstTimestampMs", "Id"
        """, "@recording", "@from");

    public async Task<List<SnapshotChunkRow>> ReadAsync(PlannedSegment segment, CancellationToken ct)
    {
        var wanted = segment.ChunkIds.ToHashSet();
        var chunks = new List<SnapshotChunkRow>(wanted.Count);
        // In the plan's order, so the segment's chunks come first and in the order they are written.
        await using var reader = await command.With(segment.RecordingId, segment.FirstTimestampMs).ExecuteReaderAsync(ct);
        while (chunks.Count < wanted.Count && await reader.ReadAsync(ct))
        {
            if (!wanted.Contains(reader.GetInt64(0))) continue;
            chunks.Add(new SnapshotChunkRow
            {
                Id = reader.GetInt64(0), RecordingId = segment.RecordingId, WindowId = reader.GetString(1), Sequence = reader.GetInt64(2),
                FirstTimestampMs = reader.GetInt64(3), LastTimestampMs = reader.GetInt64(4), EventCount = reader.GetInt32(5),
                RawByteLength = reader.GetInt64(6), GzipData = reader.GetFieldValue<byte[]>(7),
            });
        }
        if (chunks.Count != wanted.Count)
            throw new InvalidOperationException($"Expected {wanted.Count} hot chunks of recording {segment.RecordingId}, found {chunks.Count}.");
        return chunks;
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
