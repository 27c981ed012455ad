using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Modules.Sharing;
using Modules.Sharing.Contracts;
using Web.Hosting;

namespace Web.Pages.Recordings.Player;

/// <summary>One recording: the player, its events, summary and similar sessions, keep/delete and the public link.</summary>
public sealed class IndexModel(IEnvironmentsModule environments, IRecordingsModule recordings, ISharingModule sharing) : PageModel
{
    [FromRoute] public int EnvironmentId { get; set; }
    [FromRoute] public string SessionId { get; set; } = "";

    public EnvironmentInfo Environment { get; private set; } = null!;
    public RecordingInfo Recording { get; private set; } = null!;
    public RecordingSummary? Summary { get; private set; }
    public IReadOnlyList<SimilarRecording> Similar { get; private set; } = [];
    public SharingConfiguration Sharing { get; private set; } = null!;
    /// <summary>The link just issued (turned on or rotated): shown in this answer only, as the token is kept hashed.</summary>
    public string? NewShareLink { get; private set; }
    public string? Message { get; private set; }

    public string Base => $"/environments/{EnvironmentId}/recordings/{Uri.EscapeDataString(SessionId)}";
    public string DataBase => $"/dashboard/environments/{EnvironmentId}/recordings/{Uri.EscapeDataString(SessionId)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        // Opening a recording marks it viewed for this admin; the first view still shows it as new.
        await recordings.MarkViewedAsync(EnvironmentId, SessionId, User.AdminId(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPersistAsync(CancellationToken ct)
    {
        if (!await recordings.PersistRecordingAsync(EnvironmentId, SessionId, ct)) return NotFound();
        return Redirect(Base + "?kept=true");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!await recordings.DeleteRecordingAsync(EnvironmentId, SessionId, ct)) return NotFound();
        await sharing.RemoveAsync(EnvironmentId, SessionId, ct);
        return Redirect($"/environments/{EnvironmentId}/recordings?deleted=true");
    }

    public async Task<IActionResult> OnPostShareAsync(bool enabled, DateOnly? expires, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            DateTimeOffset? expiresAt = expires is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null;
            Sharing = await sharing.SetEnabledAsync(EnvironmentId, SessionId, enabled, expiresAt, ct);
            IssueLink();
            Message = enabled ? "Public link turned on." : "Public link turned off: the old link no longer works.";
        }
        catch (InvalidInputException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            Sharing = await sharing.RotateAsync(EnvironmentId, SessionId, ct);
            IssueLink();
            Message = "New link issued: the old one no longer works.";
        }
        catch (InvalidInputException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
        }
        return Page();
    }

    private void IssueLink()
    {
        if (Sharing.AccessToken is { } token) NewShareLink = $"{Web.Hosting.PublicOrigin.Of(HttpContext)}/shared/{token}";
        Response.Headers.CacheControl = "no-cache, no-store"; // what antiforgery sets on a page with a form: it warns on any other value
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await environments.FindEnvironmentAsync(EnvironmentId, ct) is not { } env) return false;
        if (await recordings.GetRecordingAsync(EnvironmentId, SessionId, User.AdminId(), ct) is not { } recording) return false;
        (Environment, Recording) = (env, recording);
        Summary = await recordings.SummarizeRecordingAsync(EnvironmentId, SessionId, ct);
        Similar = await recordings.FindSimilarRecordingsAsync(EnvironmentId, SessionId, 5, User.AdminId(), ct) ?? [];
        Sharing = await sharing.GetAsync(EnvironmentId, SessionId, ct);
        if (Request.Query.ContainsKey("kept")) Message = "This recording is kept beyond the retention period.";
        return true;
    }
}
