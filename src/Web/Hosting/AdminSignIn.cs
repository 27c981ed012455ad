using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Hosting;

/// <summary>
/// The dashboard's sign-in cookie: it names the admin, the admin's security stamp and a session id of its own, and
/// every request checks all three with the Environments module, so sign-out (this session), sign out everywhere, a
/// new password and the admin's removal end the cookie and every copy of it at once.
/// </summary>
internal static class AdminSignIn
{
    private const string StampClaim = "recordings:stamp";
    private const string SessionClaim = "recordings:session";

    public static Task SignInAsync(HttpContext http, AdminInfo admin)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, admin.Id.ToString()), new Claim(ClaimTypes.Name, admin.Email),
                new Claim(StampClaim, admin.SecurityStamp), new Claim(SessionClaim, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Ends this cookie's session (and any copy of it), then removes the cookie from the browser.</summary>
    public static async Task SignOutAsync(HttpContext http, bool everywhere)
    {
        var sessions = http.RequestServices.GetRequiredService<IAdminSessions>();
        if (http.User.FindFirstValue(SessionClaim) is { } session) await sessions.EndAdminSessionAsync(session, http.RequestAborted);
        if (everywhere && http.User.Identity?.IsAuthenticated == true)
            await sessions.EndAdminSessionsEverywhereAsync(http.User.AdminId(), http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>The cookie handler's check on every request (<see cref="CookieAuthenticationEvents.OnValidatePrincipal"/>).</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var valid = user is not null
                    && int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var adminId)
                    && user.FindFirstValue(StampClaim) is { } stamp
                    && user.FindFirstValue(SessionClaim) is { } session
                    && await context.HttpContext.RequestServices.GetRequiredService<IAdminSessions>()
                        .IsAdminSessionValidAsync(adminId, stamp, session, context.HttpContext.RequestAborted);
        if (valid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>The signed-in admin's id, as put into the cookie at sign-in.</summary>
    public static int AdminId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && id > 0
            ? id
            : throw new InvalidOperationException("No admin is signed in.");
}
