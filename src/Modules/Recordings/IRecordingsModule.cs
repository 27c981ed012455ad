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

    /// <summary>True when every database of the module answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken ct = default);
}
