using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;

namespace Web.Pages.Demo;

/// <summary>A page that records itself with the SDK, so a new admin sees a first recording within a minute.</summary>
public sealed class IndexModel(IEnvironmentCatalog environmentCatalog) : PageModel
{
    [FromQuery(Name = "environment")]
    public int? EnvironmentId { get; set; }

    public string? Token { get; private set; }
    public string? EnvironmentName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (EnvironmentId is not { } id || await environmentCatalog.FindEnvironmentAsync(id, ct) is not { } env) return;
        Token = env.Token;
        EnvironmentName = env.Name;
    }
}
