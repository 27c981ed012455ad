using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Web.Hosting;

/// <summary>
/// Slows password guessing: each client address gets a few sign-in and set-up attempts a minute, then 429 with
/// Retry-After until the window passes.
/// </summary>
internal static class SignInThrottle
{
    public const string Policy = "sign-in";
    public const int AttemptsPerMinute = 10;

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(Policy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("reads"));
        });
}
