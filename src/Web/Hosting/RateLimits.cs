using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Web.Hosting;

/// <summary>The limits of the <c>RateLimits</c> settings section (per minute; see the README's Configuration table).</summary>
internal sealed class RateLimitSettings
{
    public int SignInAttemptsPerAddressPerMinute { get; set; } = 10;
    public int SignInAttemptsPerAccountPerMinute { get; set; } = 10;
    /// <summary><c>/ingest/session</c> and <c>/ingest/playback</c> requests (each page load asks once) per client address.</summary>
    public int SessionStartsPerAddressPerMinute { get; set; } = 60;
    /// <summary>New playback reservations (each spends one unit of the monthly quota) per environment.</summary>
    public int PlaybackReservationsPerEnvironmentPerMinute { get; set; } = 300;

    public static RateLimitSettings From(IConfiguration configuration) =>
        configuration.GetSection("RateLimits").Get<RateLimitSettings>() ?? new RateLimitSettings();
}

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by client address (the connection's, or the one a configured proxy
/// forwarded: see <see cref="TrustedProxies"/>): sign-in and set-up POSTs, and the SDK's session starts. A refused
/// request gets 429 with Retry-After; an SDK request also gets the ingestion API's JSON error and CORS headers.
/// Limits keyed by something inside the request (the account being signed in to, the environment whose quota a
/// reservation spends) are taken where that is known: <see cref="SignInAccountThrottle"/>, and the Environments module.
/// </summary>
internal static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string SessionStarts = "session-starts";

    public static IServiceCollection AddRecordingsRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<SignInAccountThrottle>();
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.AddPolicy(SignIn, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(Address(http), _ => PerMinute(settings.SignInAttemptsPerAddressPerMinute))
                : RateLimitPartition.GetNoLimiter("reads"));
            // A token bucket: a burst of a minute's worth, then one more every (60 s / limit).
            o.AddPolicy(SessionStarts, http => RateLimitPartition.GetTokenBucketLimiter(Address(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.SessionStartsPerAddressPerMinute, TokensPerPeriod = 1, QueueLimit = 0,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, settings.SessionStartsPerAddressPerMinute),
            }));
        });
    }

    public static FixedWindowRateLimiterOptions PerMinute(int limit) =>
        new() { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = retryAfter.ToString();
        if (!http.Request.Path.StartsWithSegments("/ingest")) return;
        Ingestion.IngestionEndpoints.AllowOrigin(http);
        await http.Response.WriteAsJsonAsync(new { type = "throttled", code = "rate_limited",
            detail = $"Too many new sessions from this address; retry after {retryAfter} s.", attr = (string?)null }, ct);
    }
}

/// <summary>
/// Sign-in attempts per account (the email typed), on top of the per-address limit: many guessers, each from its own
/// address, still get only this many tries at one account a minute.
/// </summary>
internal sealed class SignInAccountThrottle(RateLimitSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => RateLimits.PerMinute(settings.SignInAttemptsPerAccountPerMinute)));

    /// <summary>True when this attempt may go on; false (and Retry-After set) when the account has had its tries this minute.</summary>
    public bool TryAttempt(HttpContext http, string? email)
    {
        using var lease = limiter.AttemptAcquire(Account(email));
        if (lease.IsAcquired) return true;
        http.Response.Headers.RetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString()
            : "60";
        return false;
    }

    // Cut to an email's longest length, so a huge form field cannot make a huge key.
    private static string Account(string? email)
    {
        var account = (email ?? "").Trim().ToLowerInvariant();
        return account.Length > 254 ? account[..254] : account;
    }

    public void Dispose() => limiter.Dispose();
}
