using Microsoft.EntityFrameworkCore;
using Modules.Environments.Admins;
using Modules.Environments.ApiKeys;
using Modules.Environments.Contracts;
using Modules.Environments.Data;
using Modules.Environments.Quota;
using Modules.Environments.Settings;

namespace Modules.Environments;

internal sealed class EnvironmentsFacade(
    EnvironmentCatalog catalog, PlaybackQuota quota, AdminAccounts admins, AdminSessions sessions, PersonalApiKeys keys, EnvironmentsDbContext db)
    : IEnvironmentsModule
{
    public Task<IReadOnlyList<EnvironmentInfo>> ListEnvironmentsAsync(CancellationToken ct) => catalog.ListAsync(ct);
    public Task<EnvironmentInfo?> FindEnvironmentAsync(int id, CancellationToken ct) => catalog.FindAsync(id, ct);
    public Task<EnvironmentInfo?> FindEnvironmentByTokenAsync(string token, CancellationToken ct) => catalog.FindByTokenAsync(token, ct);
    public Task<EnvironmentInfo> CreateEnvironmentAsync(string name, CancellationToken ct) => catalog.CreateAsync(name, ct);
    public Task<EnvironmentInfo> UpdateEnvironmentAsync(int id, string name, EnvironmentSettings settings, CancellationToken ct) =>
        catalog.UpdateAsync(id, name, settings, ct);

    public Task<TrackingDecision> BeginSessionAsync(int environmentId, string sessionId, CancellationToken ct) =>
        quota.BeginSessionAsync(environmentId, sessionId, ct);
    public Task<TrackingDecision> RequestPlaybackAsync(int environmentId, string sessionId, CancellationToken ct) =>
        quota.RequestPlaybackAsync(environmentId, sessionId, ct);
    public Task<PlaybackQuotaUsage> GetPlaybackQuotaUsageAsync(int environmentId, CancellationToken ct) =>
        quota.UsageAsync(environmentId, ct);
    public Task<IReadOnlyList<PlaybackQuotaUsage>> GetPlaybackQuotaHistoryAsync(int environmentId, int months, CancellationToken ct) =>
        quota.HistoryAsync(environmentId, months, ct);

    public Task<bool> AnyAdminAsync(CancellationToken ct) => admins.AnyAsync(ct);
    public Task<AdminInfo> CreateFirstAdminAsync(string email, string password, CancellationToken ct) => admins.CreateFirstAsync(email, password, ct);
    public Task<AdminInfo> CreateAdminAsync(string email, string password, CancellationToken ct) => admins.CreateAsync(email, password, ct);
    public Task<AdminInfo?> VerifyAdminAsync(string email, string password, CancellationToken ct) => admins.VerifyAsync(email, password, ct);

    public Task<AdminInfo?> FindAdminAsync(string email, CancellationToken ct) => admins.FindAsync(email, ct);
    public Task<IReadOnlyDictionary<int, string>> GetAdminEmailsAsync(IReadOnlyCollection<int> ids, CancellationToken ct) => admins.EmailsAsync(ids, ct);
    public Task<AdminInfo> ChangeAdminPasswordAsync(string email, string password, CancellationToken ct) => admins.ChangePasswordAsync(email, password, ct);
    public Task RemoveAdminAsync(string email, CancellationToken ct) => admins.RemoveAsync(email, ct);

    public Task<bool> IsAdminSessionValidAsync(int adminId, string securityStamp, string sessionId, CancellationToken ct) =>
        sessions.IsValidAsync(adminId, securityStamp, sessionId, ct);
    public Task EndAdminSessionAsync(string sessionId, CancellationToken ct) => sessions.EndAsync(sessionId, ct);
    public Task EndAdminSessionsEverywhereAsync(int adminId, CancellationToken ct) => sessions.EndEverywhereAsync(adminId, ct);

    public Task<CreatedApiKey> CreateApiKeyAsync(
        string name, IEnumerable<string> scopes, IEnumerable<int>? environmentIds, int? ownerAdminId, CancellationToken ct) =>
        keys.CreateAsync(name, scopes, environmentIds, ownerAdminId, ct);
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken ct) => keys.ListAsync(ct);
    public Task RevokeApiKeyAsync(int id, CancellationToken ct) => keys.RevokeAsync(id, ct);
    public Task<ApiKeyAccess?> AuthenticateApiKeyAsync(string key, CancellationToken ct) => keys.AuthenticateAsync(key, ct);

    public Task<bool> IsHealthyAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);
}
