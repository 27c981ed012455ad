namespace Modules.Recordings.Storage;

/// <summary>The "Storage" configuration section.</summary>
internal sealed class StorageOptions
{
    /// <summary>Set by the host: where cold segment files live (DataDirectory/cold).</summary>
    public string ColdDirectory { get; set; } = "cold";
    /// <summary>A recording's hot chunks move once it has been idle this long.</summary>
    public int ColdAfterSeconds { get; set; } = 600;
    /// <summary>…or sooner, once its hot chunks hold this many compressed bytes.</summary>
    public long HotBytesPerRecording { get; set; } = 4 * 1024 * 1024;
    /// <summary>A segment file holds at most about this many bytes (one chunk may exceed it alone).</summary>
    public long SegmentBytes { get; set; } = 8 * 1024 * 1024;
    /// <summary>Bounds one archive run so it ends in reasonable time; the next run continues.</summary>
    public int SegmentsPerRun { get; set; } = 500;
    /// <summary>Segments written, flushed and committed together: one transaction and one round of flushes per group.</summary>
    public int SegmentsPerCommit { get; set; } = 64;
    /// <summary>How long a job or a deletion waits for another one holding the storage lock.</summary>
    public int LockWaitSeconds { get; set; } = 60;
    /// <summary>Cron schedules of the recurring jobs ("0 0 31 2 *" = never).</summary>
    public string ArchiveSchedule { get; set; } = "* * * * *";
    public string RetentionSchedule { get; set; } = "17 * * * *";
    /// <summary>Runs the archive job (and so the sweep) as soon as the server starts.</summary>
    public bool ArchiveAtStart { get; set; } = true;
    /// <summary>Memory for snapshot answers compressed again as one gzip member, for every gzip client (0 = keep none).</summary>
    public long BrowserCacheBytes { get; set; } = 64 * 1024 * 1024;
    /// <summary>Test hook: the process kills itself right after the Nth crash point (0 = never).</summary>
    public int CrashAfterStep { get; set; }
}
