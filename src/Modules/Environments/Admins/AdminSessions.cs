using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Modules.Environments.Data;

namespace Modules.Environments.Admins;

/// <summary>
/// Whether a dashboard sign-in cookie still stands. A cookie names its admin, the admin's security stamp at sign-in
/// and its own session id: it is refused once the admin is gone, the stamp has changed (sign out everywhere, a new
/// password) or that session was signed out. Ended sessions are kept as long as a cookie can live (the sliding
/// lifetime, since an ended session can no longer slide), then forgotten.
/// </summary>
internal sealed class AdminSessions(EnvironmentsDbContext db, TimeProvider clock) : IAdminSessions
{
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(7);

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task<bool> IsValidAsync(int adminId, string stamp, string sessionId, CancellationToken ct)
    {
        if (stamp.Length == 0 || sessionId.Length is 0 or > 32) return false;
        var current = await db.Admins.AsNoTracking().Where(a => a.Id == adminId).Select(a => a.SecurityStamp).FirstOrDefaultAsync(ct);
        return current is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(
                   System.Text.Encoding.ASCII.GetBytes(current), System.Text.Encoding.ASCII.GetBytes(stamp))
               && !await db.EndedAdminSessions.AnyAsync(s => s.SessionId == sessionId, ct);
    }

    public async Task EndAsync(string sessionId, CancellationToken ct)
    {
        if (sessionId.Length is 0 or > 32) return;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var forgotten = now - (long)CookieLifetime.TotalMilliseconds;
        await db.EndedAdminSessions.Where(s => s.EndedAtMs < forgotten).ExecuteDeleteAsync(ct);
        if (await db.EndedAdminSessions.AnyAsync(s => s.SessionId == sessionId, ct)) return;
        db.EndedAdminSessions.Add(new EndedAdminSession { SessionId = sessionId, EndedAtMs = now });
        await db.SaveChangesAsync(ct);
    }

    public async Task EndEverywhereAsync(int adminId, CancellationToken ct)
    {
        var stamp = NewStamp();
        if (await db.Admins.Where(a => a.Id == adminId).ExecuteUpdateAsync(u => u.SetProperty(a => a.SecurityStamp, stamp), ct) == 0)
            throw new Contracts.NotFoundException($"Admin {adminId} does not exist.");
    }

    // The module's IAdminSessions role (see EnvironmentRoles.cs).
    Task<bool> IAdminSessions.IsAdminSessionValidAsync(int adminId, string securityStamp, string sessionId, CancellationToken ct) => IsValidAsync(adminId, securityStamp, sessionId, ct);
    Task IAdminSessions.EndAdminSessionAsync(string sessionId, CancellationToken ct) => EndAsync(sessionId, ct);
    Task IAdminSessions.EndAdminSessionsEverywhereAsync(int adminId, CancellationToken ct) => EndEverywhereAsync(adminId, ct);
}
