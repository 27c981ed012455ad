namespace Modules.Recordings.Contracts;

/// <summary>
/// One part of a recording's snapshot data: a cold segment (<c>Source = "blob"</c> with its <see cref="BlobKey"/>)
/// or the hot part still in the database (<c>Source = "realtime"</c>, no key). Times are ms since the epoch.
/// </summary>
public sealed record SnapshotSource(string Source, string? BlobKey, long StartMs, long EndMs)
{
    public const string Blob = "blob";
    public const string Realtime = "realtime";
}

/// <summary>How a snapshot source is written.</summary>
public enum SnapshotEncoding
{
    /// <summary>JSONL <c>[window_id, event]</c> lines, uncompressed.</summary>
    Lines,

    /// <summary>The lines as the stored gzip members, back to back and unchanged: one multi-member gzip stream.</summary>
    StoredGzip,

    /// <summary>
    /// The lines as one gzip member, for browsers, which decode only the first member of a gzip response and silently
    /// drop the rest. The data is compressed again for this; the result is kept in memory and reused while the source's
    /// bytes stay the same.
    /// </summary>
    OneGzipMember,
}

/// <summary>Whether a snapshot source was written.</summary>
public enum SnapshotReadStatus
{
    Found,
    NotFound,
    Corrupt,
}

/// <summary>
/// The outcome of writing one snapshot source. <see cref="SnapshotReadStatus.Corrupt"/> means a cold file is missing,
/// truncated or fails its checksum: nothing was written and <see cref="Message"/> says what is wrong.
/// </summary>
public sealed record SnapshotReadResult(SnapshotReadStatus Status, string? Message = null)
{
    public static SnapshotReadResult Found { get; } = new(SnapshotReadStatus.Found);
    public static SnapshotReadResult NotFound(string message) => new(SnapshotReadStatus.NotFound, message);
    public static SnapshotReadResult Corrupt(string message) => new(SnapshotReadStatus.Corrupt, message);
}
