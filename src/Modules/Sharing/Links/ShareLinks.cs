using Microsoft.EntityFrameworkCore;
using Modules.Environments.Contracts;
using Modules.Recordings.Contracts;
using Modules.Sharing.Contracts;
using Modules.Sharing.Data;

namespace Modules.Sharing.Links;

internal sealed class ShareLinks(SharingDbContext db, TimeProvider clock)
{
    public async Task<SharingConfiguration> GetAsync(int environmentId, string recordingId, CancellationToken ct)
    {
        var link = await FindAsync(environmentId, recordingId, ct);
        return link is null ? new SharingConfiguration(null, false, null, null) : ToConfiguration(link, token: null);
    }

    public async Task<SharingConfiguration> SetEnabledAsync(
        int environmentId, string recordingId, bool enabled, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        if (expiresAt is { } at && at <= clock.GetUtcNow())
            throw new InvalidInputException("expires_at", "The expiry must be in the future.");
        var link = await FindAsync(environmentId, recordingId, ct);
        string? token = null;
        if (link is null)
        {
            link = new ShareLink { EnvironmentId = environmentId, RecordingId = recordingId, TokenHash = "", CreatedAt = clock.GetUtcNow() };
            db.ShareLinks.Add(link);
        }
        // The link goes when its recording does (LinkRemoval); no creation time to check it against is kept any more.
        link.RecordingCreatedAtMs = null;
        if (enabled)
        {
            // Turning a link on always issues a fresh token: the only moment the token can be shown is now.
            token = ShareTokens.New();
            link.TokenHash = ShareTokens.Hash(token);
            link.CreatedAt = clock.GetUtcNow();
            link.ExpiresAt = expiresAt;
        }
        else
        {
            link.TokenHash = ShareTokens.Hash(ShareTokens.New());
        }
        link.Enabled = enabled;
        await db.SaveChangesAsync(ct);
        return ToConfiguration(link, token);
    }

    public async Task<SharingConfiguration> SetExpiryAsync(int environmentId, string recordingId, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        if (expiresAt is { } at && at <= clock.GetUtcNow())
            throw new InvalidInputException("expires_at", "The expiry must be in the future.");
        var link = await FindAsync(environmentId, recordingId, ct);
        if (link is not { Enabled: true })
            throw new InvalidInputException("enabled", "The link is off: turn it on with its expiry.");
        link.ExpiresAt = expiresAt;
        await db.SaveChangesAsync(ct);
        return ToConfiguration(link, token: null);
    }

    public async Task<SharingConfiguration> RotateAsync(int environmentId, string recordingId, CancellationToken ct)
    {
        var link = await FindAsync(environmentId, recordingId, ct);
        if (link is not { Enabled: true })
            throw new InvalidInputException("enabled", "Turn the link on before rotating it.");
        var token = ShareTokens.New();
        link.TokenHash = ShareTokens.Hash(token);
        link.CreatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToConfiguration(link, token);
    }

    public async Task<ResolvedLink?> ResolveAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > ShareTokens.MaxLength) return null;
        var hash = ShareTokens.Hash(token);
        var link = await db.ShareLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null || !link.Enabled || !ShareTokens.Matches(token, link.TokenHash)) return null;
        if (link.ExpiresAt is { } expires && expires <= clock.GetUtcNow()) return null;
        return new ResolvedLink(link.EnvironmentId, link.RecordingId, link.RecordingCreatedAtMs);
    }

    /// <summary>Removes the links of these recordings.</summary>
    public async Task RemoveAsync(IReadOnlyList<RecordingKey> recordings, CancellationToken ct)
    {
        foreach (var group in recordings.GroupBy(r => r.EnvironmentId))
        {
            var ids = group.Select(r => r.SessionId).ToList();
            await db.ShareLinks.Where(l => l.EnvironmentId == group.Key && ids.Contains(l.RecordingId)).ExecuteDeleteAsync(ct);
        }
    }

    private Task<ShareLink?> FindAsync(int environmentId, string recordingId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(recordingId) || recordingId.Length > 128)
            throw new InvalidInputException("recording_id", "A recording id of 1 to 128 characters is required.");
        return db.ShareLinks.FirstOrDefaultAsync(l => l.EnvironmentId == environmentId && l.RecordingId == recordingId, ct);
    }

    private static SharingConfiguration ToConfiguration(ShareLink link, string? token) =>
        new(link.CreatedAt, link.Enabled, token, link.ExpiresAt);
}

/// <summary>An enabled, unexpired link's recording, with the creation time of the recording it was made for.</summary>
internal sealed record ResolvedLink(int EnvironmentId, string RecordingId, long? RecordingCreatedAtMs);
