using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Recordings;
using Modules.Recordings.Contracts;

namespace Web.Pages.Storage;

/// <summary>The operator's storage view: hot and cold bytes per environment, chunks waiting to move, the jobs' last runs.</summary>
public sealed class IndexModel(IRecordingStorage storage, IEnvironmentCatalog environmentCatalog, Ingestion.PosthogDroppedEvents posthogDropped) : PageModel
{
    /// <summary>posthog-js events accepted and not kept since the server started (README "Using posthog-js").</summary>
    public Ingestion.PosthogDroppedEvents PosthogDropped => posthogDropped;

    public StorageOverview Overview { get; private set; } = new([], 0, []);
    public IReadOnlyDictionary<int, string> Names { get; private set; } = new Dictionary<int, string>();
    public StorageJobRun? JustRun { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>"Run now": the same run as the recurring job, recorded the same way.</summary>
    public async Task<IActionResult> OnPostRunAsync(string job, CancellationToken ct)
    {
        if (!StorageJobIds.All.Contains(job)) return BadRequest();
        JustRun = await storage.RunStorageJobAsync(job, ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Overview = await storage.GetStorageOverviewAsync(ct);
        Names = (await environmentCatalog.ListEnvironmentsAsync(ct)).ToDictionary(e => e.Id, e => e.Name);
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0} MiB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00} GiB",
    };

    public static string Counts(StorageJobRun run) => string.Join(", ", run.Counts.Select(c => $"{c.Key.Replace('_', ' ')}: {c.Value}"));
}
