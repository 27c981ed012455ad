using Modules.Environments.Contracts;

namespace Modules.Environments;

// The Environments module's contract: a role interface per concern, each implemented by the class that does the work
// (explicitly, so the class keeps its own short names). Registered by EnvironmentsModule.AddEnvironmentsModule.

/// <summary>The environments and their settings.</summary>
public interface IEnvironmentCatalog
{
    /// <summary>Every environment, in the order they were made.</summary>
    Task<IReadOnlyList<EnvironmentInfo>> ListEnvironmentsAsync(CancellationToken ct = default);

    /// <summary>The environment with this id, or null.</summary>
    Task<EnvironmentInfo?> FindEnvironmentAsync(int id, CancellationToken ct = default);

    /// <summary>The environment whose public project token (the one a site's snippet carries) this is, or null.</summary>
    Task<EnvironmentInfo?> FindEnvironmentByTokenAsync(string token, CancellationToken ct = default);

    /// <summary>A new environment with a new project token and the default settings.</summary>
    Task<EnvironmentInfo> CreateEnvironmentAsync(string name, CancellationToken ct = default);

    /// <summary>
    /// Renames the environment and replaces its settings. Throws <see cref="Contracts.NotFoundException"/> for an unknown
    /// id and <see cref="InvalidInputException"/> naming the field of a value out of range.
    /// </summary>
    Task<EnvironmentInfo> UpdateEnvironmentAsync(int id, string name, EnvironmentSettings settings, CancellationToken ct = default);
}

/// <summary>The recording rules: each session's tracking mode (behaviour or playback) and the monthly playback quota it spends.</summary>
public interface ITrackingRules
{
    /// <summary>
    /// The mode a session starts (or continues) in. Reserves quota when playback starts automatically; a new
    /// reservation beyond the environment's rate throws <see cref="RateLimitedException"/> (so does <see cref="RequestPlaybackAsync"/>).
    /// </summary>
    Task<TrackingDecision> BeginSessionAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>
    /// <c>startPlaybackRecording()</c>: switches the session to playback when quota remains. Idempotent: a session
    /// counts once however often it asks, and a session in playback stays there.
    /// </summary>
    Task<TrackingDecision> RequestPlaybackAsync(int environmentId, string sessionId, CancellationToken ct = default);

    /// <summary>This calendar month's (UTC) playback sessions against the environment's quota, and when it resets.</summary>
    Task<PlaybackQuotaUsage> GetPlaybackQuotaUsageAsync(int environmentId, CancellationToken ct = default);

    /// <summary>Playback sessions counted in each of the last <paramref name="months"/> calendar months (UTC), oldest first; the current quota beside each.</summary>
    Task<IReadOnlyList<PlaybackQuotaUsage>> GetPlaybackQuotaHistoryAsync(int environmentId, int months, CancellationToken ct = default);
}

/// <summary>The dashboard's admins: the first one, others, passwords, removal.</summary>
public interface IAdminAccounts
{
    /// <summary>Whether the one-time set-up has been done (an admin exists).</summary>
    Task<bool> AnyAdminAsync(CancellationToken ct = default);

    /// <summary>Creates the first admin; fails when one exists already (the one-time set-up).</summary>
    Task<AdminInfo> CreateFirstAdminAsync(string email, string password, CancellationToken ct = default);

    /// <summary>Another admin; an email in use already throws <see cref="InvalidInputException"/> naming <c>email</c>.</summary>
    Task<AdminInfo> CreateAdminAsync(string email, string password, CancellationToken ct = default);

    /// <summary>Sign-in: the admin when the password is theirs, otherwise null.</summary>
    Task<AdminInfo?> VerifyAdminAsync(string email, string password, CancellationToken ct = default);

    /// <summary>The admin with this email (compared case-insensitively), or null.</summary>
    Task<AdminInfo?> FindAdminAsync(string email, CancellationToken ct = default);

    /// <summary>The emails of the admins with these ids that exist (a removed admin's id is left out).</summary>
    Task<IReadOnlyDictionary<int, string>> GetAdminEmailsAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default);

    /// <summary>Sets a new password and a new security stamp, which ends every session of the admin.</summary>
    Task<AdminInfo> ChangeAdminPasswordAsync(string email, string password, CancellationToken ct = default);

    /// <summary>Removes the admin (not the last one): their sessions end at once and their API keys are revoked.</summary>
    Task RemoveAdminAsync(string email, CancellationToken ct = default);
}

/// <summary>Admins' signed-in sessions: checked on every request, ended one by one or everywhere.</summary>
public interface IAdminSessions
{
    /// <summary>
    /// Whether a dashboard cookie still stands: its admin exists, has the stamp the cookie carries, and the cookie's
    /// session has not been signed out.
    /// </summary>
    Task<bool> IsAdminSessionValidAsync(int adminId, string securityStamp, string sessionId, CancellationToken ct = default);

    /// <summary>Sign-out: the session's cookie (and any copy of it) is refused from now on.</summary>
    Task EndAdminSessionAsync(string sessionId, CancellationToken ct = default);

    /// <summary>Sign out everywhere: a new security stamp ends every session of the admin.</summary>
    Task EndAdminSessionsEverywhereAsync(int adminId, CancellationToken ct = default);
}

/// <summary>Personal API keys for the REST API: made, listed, revoked, authenticated.</summary>
public interface IApiKeys
{
    /// <summary>
    /// A new personal API key. <paramref name="ownerAdminId"/> is the admin it acts for (the dashboard passes the
    /// signed-in admin); null makes a key of nobody, whose <c>viewed</c> is always false.
    /// </summary>
    Task<CreatedApiKey> CreateApiKeyAsync(
        string name, IEnumerable<string> scopes, IEnumerable<int>? environmentIds, int? ownerAdminId = null, CancellationToken ct = default);

    /// <summary>Every key, revoked ones included; never the secret (only its prefix).</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken ct = default);

    /// <summary>Revokes the key at once (an unknown id throws <see cref="Contracts.NotFoundException"/>); revoking twice changes nothing.</summary>
    Task RevokeApiKeyAsync(int id, CancellationToken ct = default);

    /// <summary>The access a presented key grants, or null when it is unknown or revoked.</summary>
    Task<ApiKeyAccess?> AuthenticateApiKeyAsync(string key, CancellationToken ct = default);
}
