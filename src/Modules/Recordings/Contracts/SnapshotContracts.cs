namespace Modules.Recordings.Contracts;

/// <summary>
/// One entry of a recording's list of snapshot sources, in the form PostHog's current clients read:
/// <c>Source = "blob_v2"</c> and a <see cref="BlobKey"/> that is a whole number. Cold segments are numbered 0, 1, …
/// in the order they were written; the hot part (chunks not yet moved) comes last, numbered
/// <see cref="HotKeyBase"/> + the number of segments listed with it, so a later read of that entry knows which
/// segments the list already named. Times are ms since the epoch.
/// </summary>
public sealed record SnapshotSource(string Source, string? BlobKey, long StartMs, long EndMs)
{
    /// <summary>A cold segment by its own key (the form listed before <c>blob_v2</c>; still read).</summary>
    public const string Blob = "blob";

    /// <summary>The hot part as it is at the time of the read (PostHog's old <c>realtime</c> source; still read).</summary>
    public const string Realtime = "realtime";

    /// <summary>What the list names: one entry, or a range <c>start..end</c> of entries, by number.</summary>
    public const string BlobV2 = "blob_v2";

    /// <summary>PostHog's name for long-term blobs; read exactly as <see cref="BlobV2"/> (every part here is kept alike).</summary>
    public const string BlobV2Lts = "blob_v2_lts";

    /// <summary>
    /// The hot part's number is this plus the number of segments listed before it. Reading it serves every segment
    /// written since that list, then the hot part as it is now: what the list's hot part held, wherever the archive
    /// job has moved it in between, and anything that arrived since, each event once.
    /// </summary>
    public const long HotKeyBase = 1_000_000_000;

    /// <summary>Whether this entry is the hot part (numbered from <see cref="HotKeyBase"/>, or the old <c>realtime</c> source).</summary>
    public bool IsHotPart() => Source == Realtime
        || long.TryParse(BlobKey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var key) && key >= HotKeyBase;
}

/// <summary>How a snapshot source is written.</summary>
public enum SnapshotEncoding
{
    /// <summary>JSONL <c>[window_id, event]</c> lines, uncompressed.</summary>
    Lines,

    /// <summary>
    /// The lines as one gzip member. Stored data is many members (one per batch) and most HTTP clients (browsers, curl,
    /// Python's urllib and requests, most libraries) decode only the first member of a gzip answer, silently, so every
    /// client gets one member. It is compressed again for this, once: the result is kept in memory and reused while
    /// the bytes it was made from stay the same.
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
