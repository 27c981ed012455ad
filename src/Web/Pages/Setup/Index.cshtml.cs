using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;
using Web.Hosting;

namespace Web.Pages.Setup;

/// <summary>The one-time set-up: creates the first admin, then never shows again.</summary>
public sealed class IndexModel(IAdminAccounts admins) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await admins.AnyAdminAsync(ct) ? Redirect("/account/sign-in") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await admins.AnyAdminAsync(ct)) return Redirect("/account/sign-in");
        if (Password != Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "The two passwords differ.");
            Response.StatusCode = 400;
            return Page();
        }
        try
        {
            var admin = await admins.CreateFirstAdminAsync(Email ?? "", Password ?? "", ct);
            await AdminSignIn.SignInAsync(HttpContext, admin);
            return Redirect("/environments");
        }
        catch (InvalidInputException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
            return Page();
        }
    }
}
