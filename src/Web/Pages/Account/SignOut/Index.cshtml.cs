using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Web.Pages.Account.SignOut;

/// <summary>Sign-out is a POST (with antiforgery), so a link elsewhere cannot sign an admin out.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/environments");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/account/sign-in");
    }
}
