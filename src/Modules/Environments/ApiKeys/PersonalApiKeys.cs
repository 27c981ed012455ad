using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Modules.Environments.Contracts;
using Modules.Environments.Data;

namespace Modules.Environments.ApiKeys;

/// <summary>
/// Personal API keys. A key carries 256 random bits, so a plain SHA-256 of it is a safe thing to store and to
/// look up by; the key itself is shown once and never kept.
/// </summary>
internal sealed class PersonalApiKeys(EnvironmentsDbContext db, TimeProvider clock) : IApiKeys
{
    private const string KeyPrefix = "rk_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    // Compiled once: translating the LINQ on every request cost more than the indexed read itself.
    // One per provider: a compiled query is bound to the model it was first run with, and SQLite's and PostgreSQL's
    // models differ (a process holding hosts on both, as the tests do, would otherwise fail on the second).
    private static readonly Func<EnvironmentsDbContext, string, CancellationToken, Task<ApiKeyRow?>>[] KeyByHashByProvider = [EF.CompileAsyncQuery((EnvironmentsDbContext db, string hash, CancellationToken _) => db.ApiKeys.AsNoTracking().FirstOrDefault(k => k.Hash == hash)), EF.CompileAsyncQuery((EnvironmentsDbContext db, string hash, CancellationToken _) => db.ApiKeys.AsNoTracking().FirstOrDefault(k => k.Hash == hash))];

    private static Func<EnvironmentsDbContext, string, CancellationToken, Task<ApiKeyRow?>> KeyByHashFor(EnvironmentsDbContext db) => KeyByHashByProvider[Modules.Data.ProviderMigrationsAssembly.IsPostgres(db.Database.ProviderName) ? 1 : 0];

    public async Task<CreatedApiKey> CreateAsync(
        string name, IEnumerable<string> scopes, IEnumerable<int>? environmentIds, int? ownerAdminId, CancellationToken ct)
    {
        var validName = Settings.SettingsValidation.Name(name);
        var validScopes = ExpandScopes(scopes);
        var envIds = environmentIds?.Distinct().Order().ToList();
        if (envIds is { Count: 0 }) envIds = null;
        if (envIds is not null)
        {
            var known = await db.Environments.Where(e => envIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
            var unknown = envIds.Except(known).ToList();
            if (unknown.Count > 0) throw new InvalidInputException("environments", $"Environment {unknown[0]} does not exist.");
        }
        string? ownerEmail = null;
        if (ownerAdminId is { } owner)
        {
            ownerEmail = await db.Admins.Where(a => a.Id == owner).Select(a => a.Email).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("admin", $"Admin {owner} does not exist.");
        }
        var key = KeyPrefix + Base62(RandomNumberGenerator.GetBytes(32));
        var row = new ApiKeyRow
        {
            Name = validName,
            Prefix = key[..(KeyPrefix.Length + 6)],
            Hash = Hash(key),
            Scopes = string.Join(' ', validScopes),
            EnvironmentIds = envIds is null ? null : string.Join(',', envIds),
            CreatedAt = clock.GetUtcNow(),
            OwnerAdminId = ownerAdminId,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key, ToInfo(row, ownerEmail));
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id)
            .Select(k => new { Key = k, OwnerEmail = db.Admins.Where(a => a.Id == k.OwnerAdminId).Select(a => a.Email).FirstOrDefault() })
            .ToListAsync(ct);
        return keys.Select(k => ToInfo(k.Key, k.OwnerEmail)).ToList();
    }

    public async Task RevokeAsync(int id, CancellationToken ct)
    {
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException($"API key {id} does not exist.");
        row.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task<ApiKeyAccess?> AuthenticateAsync(string key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 100 || !key.StartsWith(KeyPrefix, StringComparison.Ordinal)) return null;
        var row = await KeyByHashFor(db)(db, Hash(key), ct);
        if (row is null || row.RevokedAt is not null) return null;
        var now = clock.GetUtcNow();
        // Every API request comes through here: the key is read without tracking and its last use written at most
        // once per LastUsedResolution, so a busy script costs one indexed read per request, not a write.
        if (row.LastUsedAt is null || now - row.LastUsedAt > LastUsedResolution)
            await db.ApiKeys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct);
        var info = ToInfo(row, null);
        return new ApiKeyAccess(row.Id, info.Scopes, info.EnvironmentIds, row.OwnerAdminId);
    }

    private static List<string> ExpandScopes(IEnumerable<string> scopes)
    {
        var set = new HashSet<string>();
        foreach (var s in scopes.Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            if (!ApiScopes.All.Contains(s))
                throw new InvalidInputException("scopes", $"Unknown scope '{(s.Length > 40 ? s[..40] : s)}'. Known: {string.Join(", ", ApiScopes.All)}.");
            set.Add(s);
            if (s.EndsWith(":write", StringComparison.Ordinal)) set.Add(s[..^":write".Length] + ":read");
        }
        if (set.Count == 0) throw new InvalidInputException("scopes", "Choose at least one scope.");
        return ApiScopes.All.Where(set.Contains).ToList();
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base62(byte[] bytes)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        var sb = new StringBuilder();
        while (value > 0) { sb.Insert(0, alphabet[(int)(value % 62)]); value /= 62; }
        return sb.ToString().PadLeft(43, '0');
    }

    private static ApiKeyInfo ToInfo(ApiKeyRow r, string? ownerEmail) => new(r.Id, r.Name, r.Prefix,
        r.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        r.EnvironmentIds?.Split(',').Select(int.Parse).ToList(),
        r.CreatedAt, r.LastUsedAt, r.RevokedAt, r.OwnerAdminId, ownerEmail);

    // The module's IApiKeys role (see EnvironmentRoles.cs).
    Task<CreatedApiKey> IApiKeys.CreateApiKeyAsync(string name, IEnumerable<string> scopes, IEnumerable<int>? environmentIds, int? ownerAdminId, CancellationToken ct) => CreateAsync(name, scopes, environmentIds, ownerAdminId, ct);
    Task<IReadOnlyList<ApiKeyInfo>> IApiKeys.ListApiKeysAsync(CancellationToken ct) => ListAsync(ct);
    Task IApiKeys.RevokeApiKeyAsync(int id, CancellationToken ct) => RevokeAsync(id, ct);
    Task<ApiKeyAccess?> IApiKeys.AuthenticateApiKeyAsync(string key, CancellationToken ct) => AuthenticateAsync(key, ct);
}
