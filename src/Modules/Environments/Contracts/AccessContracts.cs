namespace Modules.Environments.Contracts;

/// <summary>A dashboard administrator.</summary>
/// <param name="SecurityStamp">Changes when every session of the admin must end (sign out everywhere, a new password).</param>
public sealed record AdminInfo(int Id, string Email, DateTimeOffset CreatedAt, string SecurityStamp);

/// <summary>A personal API key as listed: never the key itself.</summary>
/// <param name="OwnerAdminId">The admin the key acts for (the one who made it in the dashboard); null for a key made without one.</param>
/// <param name="OwnerEmail">That admin's email, for showing.</param>
public sealed record ApiKeyInfo(
    int Id, string Name, string Prefix, IReadOnlyList<string> Scopes, IReadOnlyList<int>? EnvironmentIds,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, int? OwnerAdminId, string? OwnerEmail);

/// <summary>A newly created key: <see cref="Key"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(string Key, ApiKeyInfo Info);

/// <summary>What a presented, valid API key may do.</summary>
/// <param name="EnvironmentIds">The environments it may see; null = all.</param>
/// <param name="OwnerAdminId">The admin the key acts for; null when the key has none.</param>
public sealed record ApiKeyAccess(int KeyId, IReadOnlyList<string> Scopes, IReadOnlyList<int>? EnvironmentIds, int? OwnerAdminId)
{
    public bool HasScope(string scope) => Scopes.Contains(scope);
    public bool CanSee(int environmentId) => EnvironmentIds is null || EnvironmentIds.Contains(environmentId);
}

/// <summary>The scopes a personal API key can carry. A write scope implies its read scope.</summary>
public static class ApiScopes
{
    public const string RecordingRead = "session_recording:read";
    public const string RecordingWrite = "session_recording:write";
    public const string SharingRead = "sharing_configuration:read";
    public const string SharingWrite = "sharing_configuration:write";

    public static IReadOnlyList<string> All { get; } = [RecordingRead, RecordingWrite, SharingRead, SharingWrite];
}
