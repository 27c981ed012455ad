using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;
using Web.Hosting;

namespace Web.Pages.ApiKeys;

/// <summary>
/// Create, list and revoke personal API keys; a new key is shown once, in the answer to its creation. A key made here
/// acts for the signed-in admin: the API's <c>viewed</c> is that admin's.
/// </summary>
public sealed class IndexModel(IApiKeys apiKeys, IEnvironmentCatalog environmentCatalog) : PageModel
{
    public IReadOnlyList<ApiKeyInfo> Keys { get; private set; } = [];
    public IReadOnlyList<EnvironmentInfo> Environments { get; private set; } = [];
    public CreatedApiKey? Created { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Scopes { get; set; } = [];
    [BindProperty] public List<int> EnvironmentIds { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            if (!ModelState.IsValid) throw new InvalidInputException("environmentIds", "Choose environments from the list.");
            Created = await apiKeys.CreateApiKeyAsync(Name ?? "", Scopes, EnvironmentIds, User.AdminId(), ct);
            (Name, Scopes, EnvironmentIds) = (null, [], []);
        }
        catch (InvalidInputException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
        }
        // No redirect: the key must appear in this answer and nowhere else.
        Response.Headers.CacheControl = "no-cache, no-store"; // what antiforgery sets on a page with a form: it warns on any other value
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int keyId, CancellationToken ct)
    {
        try { await apiKeys.RevokeApiKeyAsync(keyId, ct); }
        catch (NotFoundException) { return NotFound(); }
        return Redirect("/api-keys");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Keys = await apiKeys.ListApiKeysAsync(ct);
        Environments = await environmentCatalog.ListEnvironmentsAsync(ct);
    }
}
