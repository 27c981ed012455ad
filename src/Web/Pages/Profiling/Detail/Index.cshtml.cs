using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Profiling;

namespace Web.Pages.Profiling.Detail;

/// <summary>One profile: its total and the timeline of its database commands (SQL, module, start, duration).</summary>
public sealed class IndexModel(Profiles profiles) : PageModel
{
    public Profile Profile { get; private set; } = null!;

    public IActionResult OnGet(long id)
    {
        if (profiles.Find(id) is not { } profile) return NotFound();
        Profile = profile;
        return Page();
    }
}
