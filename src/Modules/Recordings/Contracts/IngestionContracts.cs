namespace Modules.Recordings.Contracts;

/// <summary>What an SDK request to an ingestion endpoint carries, as the web layer received it.</summary>
/// <param name="Body">The request body, read at most up to the ingestion limits.</param>
/// <param name="ContentEncoding">The Content-Encoding header; "gzip" (or a body starting with gzip's magic bytes) is decompressed.</param>
/// <param name="ContentLength">The declared length, when there is one, so an oversized body is refused before reading.</param>
/// <param name="Origin">The Origin header of a browser request; null for non-browser clients.</param>
/// <param name="UserAgent">Kept as the recording's browser information.</param>
/// <param name="SnapshotsOffset">The <c>snapshots_offset</c> of a batch sent as a split body (docs/ingestion.md): where
/// the gzip member of rrweb JSONL lines starts; null for the plain JSON body.</param>
/// <param name="SnapshotsRequestPlayback">When true, a batch carrying rrweb data asks for playback as
/// <c>startPlaybackRecording()</c> does (reserving quota once) before it is stored: posthog-js has no start call of
/// its own, the first snapshot it sends is its start.</param>
public sealed record IngestionRequest(
    Stream Body, string? ContentEncoding, long? ContentLength, string? Origin, string? UserAgent, long? SnapshotsOffset = null,
    bool SnapshotsRequestPlayback = false);

/// <summary>The answer to an ingestion request: either a body to send (with its status) or an error.</summary>
/// <param name="CorsAllowed">Whether the browser may read the answer (false for an origin the environment does not allow).</param>
/// <param name="RetryAfterSeconds">Set with 503 when the server is overloaded.</param>
public sealed record IngestionOutcome(int Status, object? Body, IngestionError? Error, bool CorsAllowed, int? RetryAfterSeconds = null);

/// <summary>Why a request was refused; nothing was stored.</summary>
public sealed record IngestionError(string Type, string Code, string Detail, string? Attr = null);

/// <summary>The session's state as the SDK needs it, answered by every ingestion endpoint.</summary>
/// <param name="Mode">"behavior" or "playback".</param>
/// <param name="Reason">Why the session is not in playback: quota_exhausted, recording_disabled or manual_start.</param>
public sealed record SessionState(string SessionId, string Mode, string? Reason, bool MaskAllInputs, bool RecordingEnabled);

/// <summary>The answer to a stored (or already stored) batch.</summary>
/// <param name="SnapshotsRefused">True when the batch carried rrweb data for a session not in playback: that data was dropped.</param>
public sealed record BatchAcknowledgement(
    string SessionId, string Mode, string? Reason, long Sequence, bool Duplicate, int Events, int Snapshots, bool SnapshotsRefused);
