using Modules.Recordings.Contracts;
using Modules.Sharing.Contracts;

namespace Modules.Sharing;

/// <summary>
/// The Sharing module: public links to single recordings. Callers check that the recording exists and that they may
/// see it; this module only keeps the links.
/// </summary>
public interface ISharingModule
{
    /// <summary>The recording's link as it stands: off, or on with its expiry (the token is not answered again).</summary>
    Task<SharingConfiguration> GetAsync(int environmentId, string recordingId, CancellationToken ct = default);

    /// <summary>Turns the link on with a new token (answered once) or off; expiry null = never.</summary>
    Task<SharingConfiguration> SetEnabledAsync(int environmentId, string recordingId, bool enabled, DateTimeOffset? expiresAt, CancellationToken ct = default);

    /// <summary>
    /// Changes only the expiry of a link that is on (null = never); its token, and so the public link, is kept.
    /// Throws <c>InvalidInputException</c> when the link is off or the expiry is not in the future.
    /// </summary>
    Task<SharingConfiguration> SetExpiryAsync(int environmentId, string recordingId, DateTimeOffset? expiresAt, CancellationToken ct = default);

    /// <summary>Issues a new token for an enabled link; the old link dies at once.</summary>
    Task<SharingConfiguration> RotateAsync(int environmentId, string recordingId, CancellationToken ct = default);

    /// <summary>
    /// The recording a token opens, or null for an unknown, disabled, rotated or expired token, or one whose recording
    /// is gone (its link is then removed).
    /// </summary>
    Task<SharedRecording?> ResolveAsync(string token, CancellationToken ct = default);

    /// <summary>The snapshot sources of the recording a token opens, or null when the token opens nothing.</summary>
    Task<IReadOnlyList<SnapshotSource>?> ListSharedSourcesAsync(string token, CancellationToken ct = default);

    /// <summary>Streams one snapshot source of the shared recording; null when the token opens nothing.</summary>
    Task<SnapshotReadResult?> WriteSharedSourceAsync(string token, string source, string? blobKey, Stream destination, SnapshotEncoding encoding, CancellationToken ct = default);
}
