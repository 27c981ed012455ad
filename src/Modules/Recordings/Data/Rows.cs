namespace Modules.Recordings.Data;

/// <summary>One recorded session of one environment, with the metadata kept up to date as batches arrive.</summary>
internal sealed class RecordingRow
{
    public long Id { get; set; }
    public int EnvironmentId { get; set; }
    public required string SessionId { get; set; }
    public string? DistinctId { get; set; }
    /// <summary>The person properties of the last <c>identify</c>, as a JSON object.</summary>
    public string? PersonPropertiesJson { get; set; }
    /// <summary>"behavior" or "playback"; only ever moves to playback.</summary>
    public required string TrackingMode { get; set; }
    public long? PlaybackStartedAtMs { get; set; }
    public long StartTimeMs { get; set; }
    public long EndTimeMs { get; set; }
    /// <summary>EndTimeMs - StartTimeMs, computed by the database so the API can order and filter by it on an index.</summary>
    public long DurationMs { get; private set; }
    public long ActiveMs { get; set; }
    public long InactiveMs { get; set; }
    /// <summary>The latest user interaction seen.</summary>
    public long LastActivityMs { get; set; }
    /// <summary>
    /// The active spans over all of the session's windows (see <see cref="Metadata.ActivitySpans"/>), kept so a batch
    /// arriving in any order adds exactly what its interactions change; <see cref="ActiveMs"/> is their total length.
    /// </summary>
    public byte[]? ActivitySpans { get; set; }
    /// <summary>Each window's counts from each source (see <see cref="Metadata.WindowTally"/>), as JSON.</summary>
    public string? WindowTallyJson { get; set; }
    /// <summary>
    /// False while the recording only has the moment its first request arrived as start and end (a session mark
    /// without events); the first events replace both.
    /// </summary>
    public bool TimesFromEvents { get; set; }
    /// <summary>The smallest server-minus-client clock difference any of the session's requests showed (see <c>SessionClock</c>).</summary>
    public long? ClockOffsetMs { get; set; }
    public int ClickCount { get; set; }
    public int KeypressCount { get; set; }
    public int MouseActivityCount { get; set; }
    public int ConsoleLogCount { get; set; }
    public int ConsoleWarnCount { get; set; }
    public int ConsoleErrorCount { get; set; }
    public string? StartUrl { get; set; }
    public long StartUrlTimestampMs { get; set; }
    public string? BrowserInfo { get; set; }
    public long SnapshotBytes { get; set; }
    public bool Persisted { get; set; }
    public long CreatedAtMs { get; set; }
}

/// <summary>
/// An admin has played a recording in the dashboard: one row per recording and admin, kept from the first view.
/// The admin is known here only by the Environments module's id.
/// </summary>
internal sealed class RecordingViewRow
{
    /// <summary>
    /// The admin id of views carried over from before views were per admin (one flag per recording, set by whoever
    /// played it first): nobody knows who that was, so such a view counts for every admin. Real admin ids start at 1.
    /// </summary>
    public const int EveryAdmin = 0;

    public long RecordingId { get; set; }
    public int AdminId { get; set; }
    public long FirstViewedAtMs { get; set; }
}

/// <summary>A behaviour event (page view, click, input change, error, console, custom, identify, page leave).</summary>
internal sealed class BehaviorEventRow
{
    public long Id { get; set; }
    public long RecordingId { get; set; }
    public required string WindowId { get; set; }
    public long TimestampMs { get; set; }
    public required string Type { get; set; }
    public string? Name { get; set; }
    public string? Url { get; set; }
    public string? Selector { get; set; }
    public string? Text { get; set; }
    public string? PropertiesJson { get; set; }
}

/// <summary>
/// A page load, click or console warning/error read from a recording's rrweb data (Meta event, mouse interaction
/// click, console plugin), kept so that summaries, similar sessions and error clusters see recordings whose tabs sent
/// rrweb data only. Where the tab's behaviour events describe the same things, <see cref="Metadata.CountedEvents"/>
/// uses one source, never both.
/// </summary>
internal sealed class ReplayEventRow
{
    public long Id { get; set; }
    public long RecordingId { get; set; }
    public required string WindowId { get; set; }
    public long TimestampMs { get; set; }
    /// <summary>As behaviour events: "pageview", "click", "console" (Name warn/error) or "error" (an uncaught exception or rejection).</summary>
    public required string Type { get; set; }
    public string? Name { get; set; }
    public string? Url { get; set; }
    /// <summary>For a click, the clicked node as rrweb names it ("rrweb node 42"): the data holds no CSS selector.</summary>
    public string? Selector { get; set; }
    public string? Text { get; set; }
    public string? PropertiesJson { get; set; }
}

/// <summary>
/// The hot store: the rrweb events of one batch of one window, as gzip of JSONL <c>[window_id, event]</c> lines,
/// compressed once on the way in so the cold archive can move the bytes without recompressing them.
/// </summary>
internal sealed class SnapshotChunkRow
{
    public long Id { get; set; }
    public long RecordingId { get; set; }
    public required string WindowId { get; set; }
    public long Sequence { get; set; }
    public long FirstTimestampMs { get; set; }
    public long LastTimestampMs { get; set; }
    public int EventCount { get; set; }
    public long RawByteLength { get; set; }
    public required byte[] GzipData { get; set; }
}

/// <summary>Every batch stored, by its (environment, session, window, sequence), so a retried batch is stored once.</summary>
internal sealed class IngestedBatchRow
{
    public int EnvironmentId { get; set; }
    public required string SessionId { get; set; }
    public required string WindowId { get; set; }
    public long Sequence { get; set; }
    public long ReceivedAtMs { get; set; }
}
