namespace Modules.Sharing.Contracts;

/// <summary>
/// The public link of one recording. The token is stored only as a hash, so <see cref="AccessToken"/> is filled
/// only in the answer that issued it (turning the link on, or rotating it); otherwise it is null.
/// </summary>
public sealed record SharingConfiguration(DateTimeOffset? CreatedAt, bool Enabled, string? AccessToken, DateTimeOffset? ExpiresAt);

/// <summary>The recording a valid, enabled, unexpired token opens.</summary>
public sealed record SharedRecording(int EnvironmentId, string RecordingId);
