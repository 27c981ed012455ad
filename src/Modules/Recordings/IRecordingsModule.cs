using Modules.Recordings.Contracts;

namespace Modules.Recordings;

/// <summary>The Recordings module: ingestion, storage and reading of recorded sessions.</summary>
public interface IRecordingsModule
{
    /// <summary>The SDK's first exchange on a page: the session's tracking mode and the settings the SDK applies.</summary>
    Task<IngestionOutcome> BeginSessionAsync(IngestionRequest request, CancellationToken ct = default);

    /// <summary><c>startPlaybackRecording()</c>: asks the Environments module to move the session to playback.</summary>
    Task<IngestionOutcome> StartPlaybackAsync(IngestionRequest request, CancellationToken ct = default);

    /// <summary>Stores one batch of behaviour events and rrweb data; answers only once it is durably committed.</summary>
    Task<IngestionOutcome> IngestBatchAsync(IngestionRequest request, CancellationToken ct = default);

    /// <summary>The behaviour events of a session, or null when the environment has no such session.</summary>
    Task<BehaviorEventsPage?> ListBehaviorEventsAsync(int environmentId, string sessionId, int limit, int offset, CancellationToken ct = default);

    /// <summary>
    /// For the ingestion benchmark's baseline: reads and decompresses a body under the same limits, then discards it.
    /// Returns the decompressed length.
    /// </summary>
    Task<long> ReadAndDiscardAsync(IngestionRequest request, CancellationToken ct = default);

    /// <summary>A page of the environment's recordings with the query's filters and order; the count uses the same filters.</summary>
    Task<RecordingListPage> ListRecordingsAsync(RecordingListQuery query, CancellationToken ct = default);

    /// <summary>One recording by its session id, or null when the environment has no such recording.</summary>
    Task<RecordingInfo?> GetRecordingAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>Records that an admin played the recording; false when there is no such recording.</summary>
    Task<bool> MarkViewedAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>A deterministic plain-language summary of the recording's events, or null when there is no such recording.</summary>
    Task<RecordingSummary?> SummarizeRecordingAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>The environment's recordings most similar to this one, best first, or null when there is no such recording.</summary>
    Task<IReadOnlyList<SimilarRecording>?> FindSimilarRecordingsAsync(int environmentId, string sessionId, int limit, CancellationToken ct = default);

    /// <summary>Errors of the environment's recordings between two times (ms since the epoch), grouped by fingerprint.</summary>
    Task<IReadOnlyList<ErrorCluster>> ListErrorClustersAsync(int environmentId, long fromMs, long toMs, int limit, CancellationToken ct = default);

    /// <summary>The recording's events matching the filter, in time order, or null when there is no such recording.</summary>
    Task<IReadOnlyList<MatchingEvent>?> FindMatchingEventsAsync(int environmentId, string sessionId, EventFilter filter, CancellationToken ct = default);

    /// <summary>Browser, device, viewport, referrer and person properties of the given recordings (unknown ids are left out).</summary>
    Task<IReadOnlyList<RecordingProperties>> GetRecordingPropertiesAsync(int environmentId, IReadOnlyList<string> sessionIds, CancellationToken ct = default);

    /// <summary>True when every database of the module answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken ct = default);
}
