using Modules.Recordings.Data;
using System.Data.Common;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Jobs;

/// <summary>
/// Cuts the due recordings' hot chunks into segments (time order, up to <c>SegmentBytes</c> each, at most
/// <c>SegmentsPerRun</c> in all) from ids and sizes only, so no chunk's bytes are read before its segment is written.
/// Plain SQL, see <see cref="PreparedSql"/>.
/// </summary>
internal static class ArchivePlan
{
    private const string ChunksSql = """
        SELECT c."Id", c."FirstTimestampMs", length(c."GzipData"), r."EnvironmentId", r."CreatedAtMs"
        FROM "snapshot_chunks" c JOIN "recordings" r ON r."Id" = c."RecordingId"
        WHERE c."RecordingId" = @r ORDER BY c."FirstTimestampMs", c."Id"
        """;

    public static async Task<List<PlannedSegment>> BuildAsync(
        DbConnection connection, IEnumerable<long> dueRecordings, StorageOptions settings, CancellationToken ct)
    {
        var plan = new List<PlannedSegment>();
        await using var chunks = PreparedSql.Prepare(connection, null, ChunksSql, "@r");
        foreach (var recordingId in dueRecordings)
        {
            await using var reader = await chunks.With(recordingId).ExecuteReaderAsync(ct);
            PlannedSegment? current = null;
            while (await reader.ReadAsync(ct))
            {
                var length = reader.GetInt64(2);
                if (current is null || current.Bytes + length > settings.SegmentBytes)
                {
                    if (plan.Count == settings.SegmentsPerRun) return plan;
                    current = new PlannedSegment(recordingId, reader.GetInt32(3), reader.GetInt64(4), reader.GetInt64(1));
                    plan.Add(current);
                }
                current.ChunkIds.Add(reader.GetInt64(0));
                current.Bytes += length;
            }
        }
        return plan;
    }
}

/// <summary>One segment to write: a recording's hot chunks (ids, in time order) and their compressed size.</summary>
internal sealed class PlannedSegment(long recordingId, int environmentId, long recordingCreatedAtMs, long firstTimestampMs)
{
    public long RecordingId { get; } = recordingId;
    public int EnvironmentId { get; } = environmentId;
    public long RecordingCreatedAtMs { get; } = recordingCreatedAtMs;
    /// <summary>The first chunk's timestamp: no chunk of the segment starts earlier.</summary>
    public long FirstTimestampMs { get; } = firstTimestampMs;
    public List<long> ChunkIds { get; } = [];
    public long Bytes { get; set; }
}
