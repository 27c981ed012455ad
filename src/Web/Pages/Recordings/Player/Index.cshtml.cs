using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Modules.Sharing;
using Modules.Sharing.Contracts;
using Web.Hosting;
using Web.Pages.Recordings.List;

namespace Web.Pages.Recordings.Player;

/// <summary>One recording: the player, its events, summary and similar sessions, keep/delete and the public link.</summary>
public sealed class IndexModel(IEnvironmentCatalog environmentCatalog, IRecordingCatalog catalog, IRecordingCollections collections, IRecordingInsights insights, ISharingModule sharing, IRecordingSnapshots snapshots) : PageModel
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
    /// <summary>The list the admin came from (its filters travel in the address): the playlist beside the player.</summary>
    public IReadOnlyList<RecordingInfo> Playlist { get; private set; } = [];
    public RecordingListForm ListForm { get; private set; } = new();
    /// <summary>Where the player starts (?t=SECONDS), so a reload or a shared address lands at the same moment.</summary>
    public int StartSeconds { get; private set; }
    public int AdminId => User.AdminId();
    public string ListQuery => ListForm.QueryString(ListPage > 1 ? [("p", ListPage.ToString(System.Globalization.CultureInfo.InvariantCulture))] : []);
    private int ListPage { get; set; } = 1;

    public string PlayerLink(string sessionId) => $"/environments/{EnvironmentId}/recordings/{Uri.EscapeDataString(sessionId)}{ListQuery}";

    public string Base => $"/environments/{EnvironmentId}/recordings/{Uri.EscapeDataString(SessionId)}";
    public string DataBase => $"/dashboard/environments/{EnvironmentId}/recordings/{Uri.EscapeDataString(SessionId)}";

    /// <summary>
    /// What the player reads first (its list of parts, the first part and the hot part), for the page to ask for in its
    /// head: the downloads start while the page is still being parsed, not after its scripts have run.
    /// </summary>
    public IReadOnlyList<string> FirstReads { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Recording.Replayable && await snapshots.ListSnapshotSourcesAsync(EnvironmentId, SessionId, ct) is { Count: > 0 } sources)
        {
            // The same addresses, in the same form, as the player's sourceUrl (src/Web/Player/streaming.js) asks for.
            string Url(SnapshotSource s) => $"{DataBase}/snapshots?source={Uri.EscapeDataString(s.Source)}"
                + (s.BlobKey is { } key ? $"&blob_key={Uri.EscapeDataString(key)}" : "");
            var hot = sources.Count > 1 && sources[^1].IsHotPart();
            FirstReads = [$"{DataBase}/snapshots", Url(sources[0]), .. hot ? [Url(sources[^1])] : Array.Empty<string>()];
        }
        await LoadPlaylistAsync(ct);
        // Opening a recording marks it viewed for this admin; the first view still shows it as new.
        await catalog.MarkViewedAsync(EnvironmentId, SessionId, User.AdminId(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPersistAsync(CancellationToken ct)
    {
        if (!await catalog.PersistRecordingAsync(EnvironmentId, SessionId, ct)) return NotFound();
        return Redirect(Base + "?kept=true");
    }

    public IReadOnlyList<RecordingCollection> Collections { get; private set; } = [];

    /// <summary>Pins this recording into a collection (kept beyond retention from then on).</summary>
    public async Task<IActionResult> OnPostPinAsync(string? collection, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            if (!await collections.PinRecordingAsync(EnvironmentId, collection ?? "", SessionId, ct)) return NotFound();
        }
        catch (InvalidInputException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
            return Page();
        }
        return Redirect(Base + "?pinned=" + Uri.EscapeDataString(collection!.Trim()));
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!await catalog.DeleteRecordingAsync(EnvironmentId, SessionId, ct)) return NotFound();
        return Redirect($"/environments/{EnvironmentId}/recordings?deleted=true");
    }

    public async Task<IActionResult> OnPostShareAsync(bool enabled, DateOnly? expires, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (enabled && !Recording.Replayable)
        {
            // Nothing to watch behind such a link: the page offers none, and a hand-made post gets the same answer.
            ModelState.AddModelError("enabled", "This session was tracked as behaviour only: there is no replay to share.");
            Response.StatusCode = 400;
            return Page();
        }
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

    // The playlist is the list page the admin came from, with the same filters and order; a list that cannot be read
    // (a filter edited into the address) just leaves the playlist out, the recording itself still plays.
    private async Task LoadPlaylistAsync(CancellationToken ct)
    {
        ListForm = RecordingListForm.Read(Request.Query);
        ListPage = int.TryParse(Request.Query["p"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 100_000) : 1;
        var errors = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        if (ListForm.ToQuery(EnvironmentId, User.AdminId(), List.IndexModel.PageSize, (ListPage - 1) * List.IndexModel.PageSize, errors, HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()) is { } query)
            Playlist = (await catalog.ListRecordingsAsync(query, ct)).Results;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await environmentCatalog.FindEnvironmentAsync(EnvironmentId, ct) is not { } env) return false;
        if (await catalog.GetRecordingAsync(EnvironmentId, SessionId, User.AdminId(), ct) is not { } recording) return false;
        (Environment, Recording) = (env, recording);
        Summary = await insights.SummarizeRecordingAsync(EnvironmentId, SessionId, ct);
        Similar = await insights.FindSimilarRecordingsAsync(EnvironmentId, SessionId, 5, User.AdminId(), ct) ?? [];
        Sharing = await sharing.GetAsync(EnvironmentId, SessionId, ct);
        StartSeconds = int.TryParse(Request.Query["t"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : 0;
        Collections = await collections.ListCollectionsAsync(EnvironmentId, ct);
        if (Request.Query["pinned"] is { Count: > 0 } pinned) Message = $"Pinned to “{pinned}”: this recording is kept beyond the retention period.";
        if (Request.Query.ContainsKey("kept")) Message = "This recording is kept beyond the retention period.";
        return true;
    }
}
