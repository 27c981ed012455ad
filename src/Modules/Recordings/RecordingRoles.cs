using Modules.Recordings.Contracts;

namespace Modules.Recordings;

// The Recordings module's contract: a few role interfaces, each implemented by the class that does the work, so a
// caller depends on the role it uses (an ingestion endpoint on IRecordingIngestion, the Storage page on
// IRecordingStorage) and nothing else is built for it. Registered by RecordingsModule.AddRecordingsModule/-Storage.

/// <summary>Ingestion: the SDK's requests (ours and posthog-js's, translated by the host), stored durably by the single writer.</summary>
public interface IRecordingIngestion
{
    /// <summary>The SDK's first exchange on a page: the session's tracking mode and the settings the SDK applies.</summary>
    /// <exception cref="IngestionRefusedException">The request is refused; nothing was stored (so for the two below).</exception>
    Task<SessionState> BeginSessionAsync(IngestionRequest request, CancellationToken ct = default);

    /// <summary><c>startPlaybackRecording()</c>: asks the Environments module to move the session to playback.</summary>
    Task<SessionState> StartPlaybackAsync(IngestionRequest request, CancellationToken ct = default);

    /// <summary>Stores one batch of behaviour events and rrweb data; answers only once it is durably committed.</summary>
    Task<BatchAcknowledgement> IngestBatchAsync(IngestionRequest request, CancellationToken ct = default);

    /// <summary>
    /// posthog-js's <c>/s/</c> request as it sent it (gzip or plain JSON; the host decodes its base64 form): its
    /// <c>$snapshot</c> events stored as one batch per session and window, each answered only once committed, with the
    /// same limits, checks and mode rules as <see cref="IngestBatchAsync"/> (set <see cref="IngestionRequest.SnapshotsRequestPlayback"/>
    /// for posthog-js, which has no start call of its own). Every batch's data is checked before the first is stored.
    /// </summary>
    /// <param name="sentAtMs">The request's send time on the client's clock (posthog-js's <c>_</c> parameter), when sent.</param>
    Task<IReadOnlyList<BatchAcknowledgement>> IngestPosthogSnapshotsAsync(IngestionRequest request, long? sentAtMs, CancellationToken ct = default);
}

/// <summary>The catalog of recordings: the list, one recording, what admins did with it (viewed, analysed, kept), deletion, counts per day.</summary>
public interface IRecordingCatalog
{
    /// <summary>A page of the environment's recordings with the query's filters and order; the count uses the same filters.</summary>
    Task<RecordingListPage> ListRecordingsAsync(RecordingListQuery query, CancellationToken ct = default);

    /// <summary>
    /// One recording by its session id, or null when the environment has no such recording. Its
    /// <see cref="RecordingInfo.Viewed"/> is whether <paramref name="viewerAdminId"/> has played it (false for null).
    /// </summary>
    Task<RecordingInfo?> GetRecordingAsync(int environmentId, string sessionId, int? viewerAdminId, CancellationToken ct = default);

    /// <summary>
    /// Records that the admin (the Environments module's id, at least 1) played the recording; the first view is
    /// kept. False when there is no such recording.
    /// </summary>
    Task<bool> MarkViewedAsync(int environmentId, string sessionId, int adminId, CancellationToken ct = default);

    /// <summary>
    /// Records that the recording was analysed (PostHog's <c>analyzed</c>); the first time is kept. False when there is
    /// no such recording.
    /// </summary>
    Task<bool> MarkAnalyzedAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>Whether the recording was marked analysed; null when there is no such recording.</summary>
    Task<bool?> IsAnalyzedAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>Keeps the recording beyond its environment's retention. False when there is no such recording.</summary>
    Task<bool> PersistRecordingAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>Deletes the recording and all its data (metadata, events, hot chunks, cold files) at once. False when there is none.</summary>
    Task<bool> DeleteRecordingAsync(int environmentId, string sessionId, CancellationToken ct = default);
    /// <summary>Recordings started on each UTC day from <paramref name="from"/> to <paramref name="to"/> (inclusive), for charts.</summary>
    Task<IReadOnlyList<DailyRecordingCount>> CountRecordingsPerDayAsync(int environmentId, DateOnly from, DateOnly to, CancellationToken ct = default);
}

/// <summary>A recording's snapshot data (rrweb events) as sources to list and read: cold segments, then the hot part.</summary>
public interface IRecordingSnapshots
{
    /// <summary>
    /// The parts a recording's snapshot data can be read in, as PostHog's current clients list them: each cold segment
    /// as <c>("blob_v2", "0", startMs, endMs)</c>, <c>"1"</c>, … in the order written, then the hot part when hot
    /// chunks exist, numbered <see cref="SnapshotSource.HotKeyBase"/> + the number of segments (see there). Null when
    /// the environment has no such recording.
    /// </summary>
    Task<IReadOnlyList<SnapshotSource>?> ListSnapshotSourcesAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>
    /// Streams what <paramref name="source"/> and <paramref name="blobKey"/> name as JSONL <c>[window_id, event]</c>
    /// lines into <paramref name="destination"/>, chunk by chunk in time order, encoded as <paramref name="encoding"/>
    /// says: <c>blob_v2</c> (or <c>blob_v2_lts</c>) with a listed number or a range <c>"start..end"</c> of them,
    /// <c>blob</c> with a segment's own key, or <c>realtime</c> (the hot part now). A missing, truncated or altered
    /// cold file answers <see cref="SnapshotReadStatus.Corrupt"/> before anything is written.
    /// </summary>
    Task<SnapshotReadResult> WriteSnapshotSourceAsync(
        int environmentId, string sessionId, string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct = default);
}

/// <summary>What a recording's events tell: its events, summary, similar recordings, error clusters, matching events, properties.</summary>
public interface IRecordingInsights
{
    /// <summary>The behaviour events of a session, or null when the environment has no such session.</summary>
    Task<BehaviorEventsPage?> ListBehaviorEventsAsync(int environmentId, string sessionId, int limit, int offset, CancellationToken ct = default);

    /// <summary>
    /// A session's events as its counts count them (see the README's "Counts and times of a recording"): behaviour events
    /// and the page loads, clicks and console warnings/errors read from its rrweb data, each thing once, in time order, at
    /// most 50 000. Events read from rrweb data have negative ids (their own sequence) and a null selector unless a
    /// click's rrweb node ("rrweb node 42"). Null when the session has no recording.
    /// </summary>
    Task<BehaviorEventsPage?> ListCountedEventsAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>A deterministic plain-language summary of the recording's events, or null when there is no such recording.</summary>
    Task<RecordingSummary?> SummarizeRecordingAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>
    /// The environment's recordings most similar to this one, best first, or null when there is no such recording;
    /// each one's <see cref="RecordingInfo.Viewed"/> is <paramref name="viewerAdminId"/>'s.
    /// </summary>
    Task<IReadOnlyList<SimilarRecording>?> FindSimilarRecordingsAsync(
        int environmentId, string sessionId, int limit, int? viewerAdminId, CancellationToken ct = default);

    /// <summary>Errors of the environment's recordings between two times (ms since the epoch), grouped by fingerprint.</summary>
    Task<IReadOnlyList<ErrorCluster>> ListErrorClustersAsync(int environmentId, long fromMs, long toMs, int limit, CancellationToken ct = default);

    /// <summary>The recording's events matching the filter, in time order, or null when there is no such recording.</summary>
    Task<IReadOnlyList<MatchingEvent>?> FindMatchingEventsAsync(int environmentId, string sessionId, EventFilter filter, CancellationToken ct = default);

    /// <summary>Browser, device, viewport, referrer and person properties of the given recordings (unknown ids are left out).</summary>
    Task<IReadOnlyList<RecordingProperties>> GetRecordingPropertiesAsync(int environmentId, IReadOnlyList<string> sessionIds, CancellationToken ct = default);
}

/// <summary>Saved list filters and collections of pinned recordings, per environment.</summary>
public interface IRecordingCollections
{
    /// <summary>The environment's saved list filters, by name.</summary>
    Task<IReadOnlyList<SavedFilter>> ListSavedFiltersAsync(int environmentId, CancellationToken ct = default);

    /// <summary>Saves the list's query string under a name (the same name replaces it); a bad name throws <c>InvalidInputException</c>.</summary>
    Task<SavedFilter> SaveFilterAsync(int environmentId, string name, string query, CancellationToken ct = default);

    /// <summary>Deletes one saved filter; false when the environment has none with this id.</summary>
    Task<bool> DeleteSavedFilterAsync(int environmentId, int id, CancellationToken ct = default);

    /// <summary>The environment's collections with their pinned recordings' session ids, in pinning order.</summary>
    Task<IReadOnlyList<RecordingCollection>> ListCollectionsAsync(int environmentId, CancellationToken ct = default);

    /// <summary>Pins a recording into the named collection (made when new) and keeps it beyond retention; false when no such recording.</summary>
    Task<bool> PinRecordingAsync(int environmentId, string collectionName, string sessionId, CancellationToken ct = default);
}

/// <summary>The storage lifecycle as operators meet it: the storage jobs, the Storage page's overview, the cold half of a backup.</summary>
public interface IRecordingStorage
{
    /// <summary>Runs a storage job now (see <see cref="StorageJobIds"/>) and records the run. Throws ArgumentException for an unknown id.</summary>
    Task<StorageJobRun> RunStorageJobAsync(string jobId, CancellationToken ct = default);

    /// <summary>Hot and cold bytes per environment, chunks waiting to move, and the last run of each storage job.</summary>
    Task<StorageOverview> GetStorageOverviewAsync(CancellationToken ct = default);

    /// <summary>
    /// An online backup's cold half: holds the storage lock (no segment is added or removed meanwhile), runs
    /// <paramref name="copyDatabases"/> (the host's database copy), then copies every indexed cold file to
    /// <c>targetDirectory/cold</c>.
    /// </summary>
    Task<ColdBackup> BackupColdFilesAsync(string targetDirectory, Func<CancellationToken, Task> copyDatabases, CancellationToken ct = default);
}
