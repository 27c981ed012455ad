using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Pages.Environments;

public sealed class IndexModel(IEnvironmentCatalog environmentCatalog, ITrackingRules trackingRules) : PageModel
{
    public sealed record Row(EnvironmentInfo Environment, PlaybackQuotaUsage Usage);

    public IReadOnlyList<Row> Environments { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var created = await environmentCatalog.CreateEnvironmentAsync(Name ?? "", ct);
            return Redirect($"/environments/{created.Id}");
        }
        catch (InvalidInputException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = new List<Row>();
        foreach (var env in await environmentCatalog.ListEnvironmentsAsync(ct))
            rows.Add(new Row(env, await trackingRules.GetPlaybackQuotaUsageAsync(env.Id, ct)));
        Environments = rows;
    }
}
