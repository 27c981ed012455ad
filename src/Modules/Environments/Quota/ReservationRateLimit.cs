using System.Threading.RateLimiting;
using Modules.Environments.Contracts;

namespace Modules.Environments.Quota;

/// <summary>
/// How fast one environment may spend its playback quota: a token bucket per environment (System.Threading.RateLimiting,
/// the limiter ASP.NET Core's rate-limiting middleware is built on), so a leaked ingestion token cannot burn a month's
/// quota in a second. Taken only for a reservation that would succeed, so sessions refused for an exhausted quota
/// spend nothing.
/// </summary>
internal sealed class ReservationRateLimit(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<int> limiter = PartitionedRateLimiter.Create<int, int>(environmentId =>
        RateLimitPartition.GetTokenBucketLimiter(environmentId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perMinute), TokensPerPeriod = 1, QueueLimit = 0,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, perMinute),
        }));

    /// <summary>Takes one reservation's permit, or throws <see cref="RateLimitedException"/>.</summary>
    public void Take(int environmentId)
    {
        using var lease = limiter.AttemptAcquire(environmentId);
        if (lease.IsAcquired) return;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        throw new RateLimitedException("Too many new playback sessions for this environment right now; retry later.",
            Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
    }

    public void Dispose() => limiter.Dispose();
}
