using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Web.Hosting;

/// <summary>
/// ASP.NET Core's health checks, each module registering its own: <c>/healthz</c> runs the "live" ones (every
/// module's database answers) and keeps its first contract, <c>/readyz</c> runs the "ready" ones (the databases, the
/// cold directory and free disk, Hangfire's server).
/// </summary>
internal static class HealthEndpoints
{
    public static IServiceCollection AddHostHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<JobServerHealth>("jobs", tags: ["ready"]);
        return services;
    }

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("live"),
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(new
            {
                status = report.Status == HealthStatus.Healthy ? "ok" : "unavailable",
                modules = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy),
            }),
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(new
            {
                status = report.Status == HealthStatus.Healthy ? "ready" : "unready",
                checks = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString().ToLowerInvariant(),
                    description = e.Value.Description,
                    data = e.Value.Data.Count > 0 ? e.Value.Data : null,
                }),
            }),
        });
    }

    /// <summary>This process's Hangfire server is registered and has sent a heartbeat within two minutes.</summary>
    private sealed class JobServerHealth(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var ours = $":{Environment.ProcessId}:";
            var alive = storage.GetMonitoringApi().Servers().Any(s =>
                s.Name.Contains(ours, StringComparison.Ordinal) && s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(2));
            return Task.FromResult(alive ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No live Hangfire server in this process."));
        }
    }
}
