using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Modules.Recordings.Data;

namespace Modules.Recordings.Storage;

/// <summary>
/// The commit point of a move: in one transaction the group's hot rows disappear and its index rows appear, or
/// neither does. Every chunk's delete must match its row of its recording, or the whole group is abandoned.
/// </summary>
internal static class ColdIndexCommit
{
    private const string DeleteSql = """DELETE FROM "snapshot_chunks" WHERE "Id" = @i AND "RecordingId" = @r""";

    public static async Task CommitAsync(RecordingsDbContext db, IReadOnlyList<ColdSegmentRow> segments, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using (var delete = PreparedSql.Prepare(connection, tx.GetDbTransaction(), DeleteSql, "@i", "@r"))
            foreach (var segment in segments)
                foreach (var chunk in segment.Chunks)
                    if (await delete.With(chunk.ChunkId, segment.RecordingId).ExecuteNonQueryAsync(ct) != 1)
                        throw new InvalidOperationException($"Hot chunk {chunk.ChunkId} of recording {segment.RecordingId} is gone; the group is not moved.");
        await ColdIndexRows.InsertAsync(connection, tx.GetDbTransaction(), segments, ct);
        await tx.CommitAsync(ct);
    }
}
