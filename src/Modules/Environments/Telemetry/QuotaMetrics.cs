using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments.Data;

namespace Modules.Environments.Telemetry;

/// <summary>
/// Playback-quota use per environment this month (meter <see cref="EnvironmentsModule.MeterName"/>), read from the
/// database only when a listener collects (one small query per scrape).
/// </summary>
internal sealed class QuotaMetrics
{
    public QuotaMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        var meter = meters.Create(EnvironmentsModule.MeterName);
        IEnumerable<Measurement<long>> Read(bool limit)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvironmentsDbContext>();
            var period = clock.GetUtcNow().ToString("yyyy-MM");
            var rows = db.Environments.AsNoTracking()
                .Select(e => new { e.Id, e.PlaybackQuota, Used = db.PlaybackQuotaCounters.Where(c => c.EnvironmentId == e.Id && c.Period == period).Select(c => c.Used).FirstOrDefault() })
                .ToList();
            return rows.Where(r => !limit || r.PlaybackQuota is not null)
                .Select(r => new Measurement<long>(limit ? r.PlaybackQuota!.Value : r.Used, new KeyValuePair<string, object?>("environment", r.Id))).ToList();
        }
        meter.CreateObservableGauge("recordings.playback_quota.used", () => Read(limit: false), "{session}", "Playback sessions reserved this month, per environment.");
        meter.CreateObservableGauge("recordings.playback_quota.limit", () => Read(limit: true), "{session}", "The monthly playback quota, per environment that has one.");
    }
}
