namespace Modules.Recordings.Contracts;

/// <summary>The ids of the module's recurring storage jobs (also the command line's <c>jobs run ID</c>).</summary>
public static class StorageJobIds
{
    public const string ArchiveSnapshots = "archive-snapshots";
    public const string Retention = "retention";
    public static IReadOnlyList<string> All { get; } = [ArchiveSnapshots, Retention];
}

/// <summary>One run of a storage job and what it did (counts such as <c>chunks_moved</c>, <c>recordings_deleted</c>).</summary>
/// <param name="Outcome">"succeeded" or "failed" (then <see cref="Error"/> says why; work committed before the failure stays).</param>
public sealed record StorageJobRun(
    string JobId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Outcome,
    IReadOnlyDictionary<string, long> Counts, string? Error);

/// <summary>Stored bytes of one environment: hot (compressed chunks in the database) and cold (segment files).</summary>
public sealed record EnvironmentStorage(
    int EnvironmentId, long Recordings, long HotChunks, long HotBytes, long ColdSegments, long ColdBytes, long ChunksWaiting);

/// <summary>The operator's view of storage: bytes per environment and the last run of each job.</summary>
/// <param name="ChunksWaiting">Hot chunks the archive job would move now.</param>
public sealed record StorageOverview(
    IReadOnlyList<EnvironmentStorage> Environments, long ChunksWaiting, IReadOnlyList<StorageJobRun> LastRuns);

/// <summary>What a backup copied besides the databases.</summary>
public sealed record ColdBackup(int Files, long Bytes);
