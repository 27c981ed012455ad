using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Hosting;

namespace Web.Pages.Account.SignOut;

/// <summary>
/// Sign-out is a POST (with antiforgery), so a link elsewhere cannot sign an admin out. It ends this session on the
/// server too, so a copy of the cookie stops working; <c>?handler=everywhere</c> ends every session of the admin.
/// </summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/environments");

    public async Task<IActionResult> OnPostAsync()
    {
        await AdminSignIn.SignOutAsync(HttpContext, everywhere: false);
        return Redirect("/account/sign-in");
    }

    public async Task<IActionResult> OnPostEverywhereAsync()
    {
        await AdminSignIn.SignOutAsync(HttpContext, everywhere: true);
        return Redirect("/account/sign-in");
    }
}
