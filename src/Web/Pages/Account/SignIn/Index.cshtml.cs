using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Web.Hosting;

namespace Web.Pages.Account.SignIn;

public sealed class IndexModel(IAdminAccounts admins) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!HttpContext.RequestServices.GetRequiredService<SignInAccountThrottle>().TryAttempt(HttpContext, Email))
        {
            ModelState.AddModelError(nameof(Email), "Too many sign-in attempts for this account; wait a minute and try again.");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var admin = await admins.VerifyAdminAsync(Email ?? "", Password ?? "", ct);
        if (admin is null)
        {
            ModelState.AddModelError(nameof(Email), "The email or the password is wrong.");
            Response.StatusCode = 400;
            return Page();
        }
        await AdminSignIn.SignInAsync(HttpContext, admin);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/environments");
    }
}
