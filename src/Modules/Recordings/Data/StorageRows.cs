namespace Modules.Recordings.Data;

/// <summary>
/// The index entry of one cold segment file: a concatenation of hot chunks' gzip members, in time order
/// (see docs/storage.md). The file is immutable once its row exists.
/// </summary>
internal sealed class ColdSegmentRow
{
    public long Id { get; set; }
    public long RecordingId { get; set; }
    /// <summary>The segment's name in the snapshots API, also its file name without extension.</summary>
    public required string BlobKey { get; set; }
    /// <summary>Relative to the cold directory, with '/' separators.</summary>
    public required string RelativePath { get; set; }
    public long StartTimestampMs { get; set; }
    public long EndTimestampMs { get; set; }
    public long ByteLength { get; set; }
    public long RawByteLength { get; set; }
    public int ChunkCount { get; set; }
    /// <summary>The whole file's checksum: <c>xxh128:</c> and lower-case hex, or (older segments) a bare SHA-256.</summary>
    public required string Checksum { get; set; }
    public long CreatedAtMs { get; set; }
    public List<ColdChunkRow> Chunks { get; set; } = [];
}

/// <summary>Where one former hot chunk lives inside its segment, so a time range is read without scanning the file.</summary>
internal sealed class ColdChunkRow
{
    public long SegmentId { get; set; }
    public int Ordinal { get; set; }
    /// <summary>The hot chunk's id: each id appears once across hot and cold, the exactly-once invariant.</summary>
    public long ChunkId { get; set; }
    public required string WindowId { get; set; }
    public long Sequence { get; set; }
    public long FirstTimestampMs { get; set; }
    public long LastTimestampMs { get; set; }
    public long Offset { get; set; }
    public int Length { get; set; }
    public int EventCount { get; set; }
    public long RawByteLength { get; set; }
}

/// <summary>One run of a storage job, kept in the module's own database (Hangfire's in-memory history is lost on restart).</summary>
internal sealed class StorageJobRunRow
{
    public long Id { get; set; }
    public required string JobId { get; set; }
    public long StartedAtMs { get; set; }
    public long FinishedAtMs { get; set; }
    public required string Outcome { get; set; }
    public required string CountsJson { get; set; }
    public string? Error { get; set; }
}
