using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Profiling;

namespace Web.Pages.Profiling;

/// <summary>The latest slow requests and job runs, each with its database commands (kept in memory, bounded).</summary>
public sealed class IndexModel(Profiles profiles) : PageModel
{
    public IReadOnlyList<Profile> Slow { get; } = profiles.Slow;
    public IReadOnlyList<Profile> Jobs { get; } = profiles.Jobs;
    public TimeSpan Threshold { get; } = profiles.SlowRequest;

    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0.0} ms";
}
