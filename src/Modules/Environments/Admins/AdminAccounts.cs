using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Modules.Environments.Contracts;
using Modules.Environments.Data;

namespace Modules.Environments.Admins;

internal sealed class AdminAccounts(EnvironmentsDbContext db, TimeProvider clock) : IAdminAccounts
{
    private static readonly PasswordHasher<AdminAccount> Hasher = new();
    private static readonly SemaphoreSlim FirstAdminGate = new(1, 1);
    private static readonly AdminAccount Nobody = new() { Email = "", PasswordHash = "", SecurityStamp = "" };
    private static readonly Lazy<string> NobodysHash = new(() => Hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));

    public Task<bool> AnyAsync(CancellationToken ct) => db.Admins.AnyAsync(ct);

    public async Task<AdminInfo> CreateFirstAsync(string email, string password, CancellationToken ct)
    {
        await FirstAdminGate.WaitAsync(ct);
        try
        {
            if (await db.Admins.AnyAsync(ct))
                throw new InvalidInputException("email", "An admin exists already; sign in instead.");
            return await CreateAsync(email, password, ct);
        }
        finally
        {
            FirstAdminGate.Release();
        }
    }

    public async Task<AdminInfo> CreateAsync(string email, string password, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        ValidatePassword(password);
        if (await db.Admins.AnyAsync(a => a.Email == normalized, ct))
            throw new InvalidInputException("email", "An admin with this email exists already.");
        var admin = new AdminAccount { Email = normalized, PasswordHash = "", CreatedAt = clock.GetUtcNow(), SecurityStamp = AdminSessions.NewStamp() };
        admin.PasswordHash = Hasher.HashPassword(admin, password);
        db.Admins.Add(admin);
        await db.SaveChangesAsync(ct);
        return ToInfo(admin);
    }

    public async Task<AdminInfo?> VerifyAsync(string email, string password, CancellationToken ct)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        var checkable = password is { Length: > 0 and <= 200 };
        var admin = normalized.Length is > 0 and <= 254 && checkable ? await db.Admins.FirstOrDefaultAsync(a => a.Email == normalized, ct) : null;
        if (admin is null)
        {
            // The same work as for a wrong password, so the answer's time does not tell which emails are admins'.
            if (checkable) Hasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password!);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(admin, admin.PasswordHash, password!);
        if (result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded) admin.PasswordHash = Hasher.HashPassword(admin, password!);
        // Admins made before stamps existed get theirs at their next sign-in.
        if (admin.SecurityStamp.Length == 0) admin.SecurityStamp = AdminSessions.NewStamp();
        await db.SaveChangesAsync(ct);
        return ToInfo(admin);
    }

    public async Task<AdminInfo?> FindAsync(string email, CancellationToken ct)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        return normalized.Length is > 0 and <= 254 && await db.Admins.AsNoTracking().FirstOrDefaultAsync(a => a.Email == normalized, ct) is { } admin
            ? ToInfo(admin)
            : null;
    }

    public async Task<IReadOnlyDictionary<int, string>> EmailsAsync(IReadOnlyCollection<int> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<int, string>()
            : await db.Admins.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Email, ct);

    /// <summary>A new password also ends every session of the admin (a new security stamp).</summary>
    public async Task<AdminInfo> ChangePasswordAsync(string email, string password, CancellationToken ct)
    {
        ValidatePassword(password);
        var admin = await FindRowAsync(email, ct);
        admin.PasswordHash = Hasher.HashPassword(admin, password);
        admin.SecurityStamp = AdminSessions.NewStamp();
        await db.SaveChangesAsync(ct);
        return ToInfo(admin);
    }

    /// <summary>Removes the admin: their cookies stop working at once (no admin row) and the keys they made are revoked.</summary>
    public async Task RemoveAsync(string email, CancellationToken ct)
    {
        var admin = await FindRowAsync(email, ct);
        if (await db.Admins.CountAsync(ct) == 1)
            throw new InvalidInputException("email", "This is the only admin; create another before removing it.");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ApiKeys.Where(k => k.OwnerAdminId == admin.Id && k.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now), ct);
        db.Admins.Remove(admin);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<AdminAccount> FindRowAsync(string email, CancellationToken ct)
    {
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        return normalized.Length is > 0 and <= 254 && await db.Admins.FirstOrDefaultAsync(a => a.Email == normalized, ct) is { } admin
            ? admin
            : throw new NotFoundException($"No admin has the email {email}.");
    }

    private static string NormalizeEmail(string? email)
    {
        var e = (email ?? "").Trim().ToLowerInvariant();
        var at = e.IndexOf('@');
        if (e.Length is 0 or > 254 || at <= 0 || at != e.LastIndexOf('@') || at == e.Length - 1 || e.Any(char.IsWhiteSpace))
            throw new InvalidInputException("email", "A valid email address (at most 254 characters) is required.");
        return e;
    }

    private static void ValidatePassword(string? password)
    {
        if (password is null || password.Length < 8)
            throw new InvalidInputException("password", "The password must have at least 8 characters.");
        if (password.Length > 200)
            throw new InvalidInputException("password", "The password must have at most 200 characters.");
    }

    private static AdminInfo ToInfo(AdminAccount a) => new(a.Id, a.Email, a.CreatedAt, a.SecurityStamp);

    // The module's IAdminAccounts role (see EnvironmentRoles.cs).
    Task<bool> IAdminAccounts.AnyAdminAsync(CancellationToken ct) => AnyAsync(ct);
    Task<AdminInfo> IAdminAccounts.CreateFirstAdminAsync(string email, string password, CancellationToken ct) => CreateFirstAsync(email, password, ct);
    Task<AdminInfo> IAdminAccounts.CreateAdminAsync(string email, string password, CancellationToken ct) => CreateAsync(email, password, ct);
    Task<AdminInfo?> IAdminAccounts.VerifyAdminAsync(string email, string password, CancellationToken ct) => VerifyAsync(email, password, ct);
    Task<AdminInfo?> IAdminAccounts.FindAdminAsync(string email, CancellationToken ct) => FindAsync(email, ct);
    Task<IReadOnlyDictionary<int, string>> IAdminAccounts.GetAdminEmailsAsync(IReadOnlyCollection<int> ids, CancellationToken ct) => EmailsAsync(ids, ct);
    Task<AdminInfo> IAdminAccounts.ChangeAdminPasswordAsync(string email, string password, CancellationToken ct) => ChangePasswordAsync(email, password, ct);
    Task IAdminAccounts.RemoveAdminAsync(string email, CancellationToken ct) => RemoveAsync(email, ct);
}
