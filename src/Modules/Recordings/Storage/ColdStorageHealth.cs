using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Modules.Recordings.Storage;

/// <summary>
/// Readiness of the storage lifecycle: the cold directory takes a new file (the archive job's first step) and its
/// disk has at least <see cref="StorageOptions.ReadyMinFreeBytes"/> free (below that, ingestion soon answers 503).
/// </summary>
internal sealed class ColdStorageHealth(IOptions<StorageOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var settings = options.Value;
        var probe = Path.Combine(settings.ColdDirectory, $".ready-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], ct);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The cold directory is not writable.");
        }
        var free = new DriveInfo(settings.ColdDirectory).AvailableFreeSpace;
        var data = new Dictionary<string, object> { ["free_bytes"] = free, ["min_free_bytes"] = settings.ReadyMinFreeBytes };
        return free < settings.ReadyMinFreeBytes
            ? HealthCheckResult.Unhealthy("Free disk space is below Storage:ReadyMinFreeBytes.", data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}
