namespace Modules.Environments.Data;

internal sealed class EnvironmentRow
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Token { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool RecordingEnabled { get; set; }
    public bool ManualPlaybackStart { get; set; }
    public int? PlaybackQuota { get; set; }
    public int RetentionDays { get; set; }
    public bool MaskAllInputs { get; set; }
    /// <summary>Newline-separated, so the column stays portable across providers.</summary>
    public string AllowedOrigins { get; set; } = "";
}

/// <summary>A session that counts against its environment's playback quota: one row per session, ever.</summary>
internal sealed class PlaybackReservation
{
    public int EnvironmentId { get; set; }
    public required string SessionId { get; set; }
    public required string Period { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
}

/// <summary>The counter a conditional UPDATE increments, so the allotment holds under concurrency on any provider.</summary>
internal sealed class PlaybackQuotaCounter
{
    public int EnvironmentId { get; set; }
    public required string Period { get; set; }
    public int Used { get; set; }
}

internal sealed class AdminAccount
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Put into every sign-in cookie; a new one (sign out everywhere, new password) ends every older cookie.</summary>
    public string SecurityStamp { get; set; } = "";
}

/// <summary>A signed-out cookie's session: a copy of that cookie is refused until it would have expired anyway.</summary>
internal sealed class EndedAdminSession
{
    public required string SessionId { get; set; }
    /// <summary>Unix milliseconds (compared in SQL, which SQLite cannot do with a DateTimeOffset).</summary>
    public long EndedAtMs { get; set; }
}

internal sealed class ApiKeyRow
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    /// <summary>Space-separated scopes.</summary>
    public required string Scopes { get; set; }
    /// <summary>Comma-separated environment ids; null = every environment.</summary>
    public string? EnvironmentIds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>The admin the key acts for (whose views the API's <c>viewed</c> reports); null for keys made without one.</summary>
    public int? OwnerAdminId { get; set; }
}
