using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Sharing;

namespace Web.Pages.Share;

/// <summary>
/// The public player of one shared recording. Unknown, disabled, rotated and expired tokens all get the same 404
/// page, so a visitor learns nothing about which it was.
/// </summary>
public sealed class IndexModel(ISharingModule sharing) : PageModel
{
    public string Token { get; private set; } = "";
    public bool Found { get; private set; }
    public int StartSeconds { get; private set; }

    public async Task OnGetAsync(string token, string? t, CancellationToken ct)
    {
        Token = token;
        Found = await sharing.ResolveAsync(token, ct) is not null;
        StartSeconds = int.TryParse(t, out var seconds) && seconds is > 0 and < 864_000 ? seconds : 0;
        Response.Headers.CacheControl = "no-cache, no-store"; // what antiforgery sets on a page with a form: it warns on any other value
        if (!Found) Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
