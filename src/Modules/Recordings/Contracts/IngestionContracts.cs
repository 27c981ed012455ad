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

/// <summary>Why an ingestion request was refused, in the product's terms; the host decides how to answer each.</summary>
public enum IngestionRefusal
{
    /// <summary>The request is malformed or breaks a rule of the protocol (docs/ingestion.md).</summary>
    Invalid,
    /// <summary>No environment has the token.</summary>
    Unauthenticated,
    /// <summary>The page's origin is not one the environment allows: the browser must not even read the answer.</summary>
    ForeignOrigin,
    /// <summary>The environment does not record.</summary>
    Forbidden,
    /// <summary>The body did not arrive in time.</summary>
    Timeout,
    /// <summary>The body, inflated or as sent, or its event count passes a limit.</summary>
    TooLarge,
    /// <summary>A Content-Encoding the server does not read.</summary>
    UnsupportedEncoding,
    /// <summary>Too much is waiting to be stored; send it again after <see cref="IngestionRefusedException.RetryAfter"/>.</summary>
    Overloaded,
    /// <summary>The environment starts playback sessions faster than its rate allows; send it again after the wait.</summary>
    RateLimited,
    /// <summary>Storage is full or failing; nothing was committed; send it again after the wait.</summary>
    StorageUnavailable,
}

/// <summary>An ingestion request refused: nothing of it was stored.</summary>
public class IngestionRefusedException(IngestionRefusal refusal, string code, string detail, string? attr = null) : Exception(detail)
{
    public IngestionRefusal Refusal { get; } = refusal;
    /// <summary>A stable machine-readable reason, e.g. <c>invalid_json</c>, <c>quota</c>, <c>overloaded</c>.</summary>
    public string Code { get; } = code;
    /// <summary>The field at fault, when there is one.</summary>
    public string? Attr { get; } = attr;
    /// <summary>When the client may send the same request again (the refusals that are not its fault).</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The session's state as the SDK needs it, answered by every ingestion endpoint.</summary>
/// <param name="Mode">"behavior" or "playback".</param>
/// <param name="Reason">Why the session is not in playback: quota_exhausted, recording_disabled or manual_start.</param>
public sealed record SessionState(string SessionId, string Mode, string? Reason, bool MaskAllInputs, bool RecordingEnabled);

/// <summary>The answer to a stored (or already stored) batch.</summary>
/// <param name="SnapshotsRefused">True when the batch carried rrweb data for a session not in playback: that data was dropped.</param>
public sealed record BatchAcknowledgement(
    string SessionId, string Mode, string? Reason, long Sequence, bool Duplicate, int Events, int Snapshots, bool SnapshotsRefused);
