using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Web.Hosting;

namespace Web.Pages.Recordings.List;

/// <summary>
/// An environment's recordings: the API's filters and orderings as a GET form (<see cref="RecordingListForm"/>), a page
/// of rows, a chart and the quota in one line.
/// </summary>
public sealed class IndexModel(IEnvironmentCatalog environmentCatalog, ITrackingRules trackingRules, IRecordingCatalog catalog, IRecordingCollections collections) : PageModel
{
    public const int PageSize = 25;

    [FromRoute] public int EnvironmentId { get; set; }
    public RecordingListForm Form { get; private set; } = new();
    public int PageNumber { get; private set; } = 1;

    public EnvironmentInfo Environment { get; private set; } = null!;
    public PlaybackQuotaUsage Usage { get; private set; } = null!;
    public RecordingListPage Recordings { get; private set; } = new(0, []);
    public IReadOnlyList<DailyRecordingCount> PerDay { get; private set; } = [];
    public IReadOnlyList<SavedFilter> SavedFilters { get; private set; } = [];
    public IReadOnlyList<RecordingCollection> Collections { get; private set; } = [];
    private DateTimeOffset Now => HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
    public int PageCount => Math.Max(1, (Recordings.Count + PageSize - 1) / PageSize);

    /// <summary>Whether a filter of "More filters" is set, so that part opens by itself.</summary>
    public bool MoreFiltersSet => Form.Set().Any(f => f.Name is "person" or "personUuid" or "sessionIds" or "minSeconds" or "maxSeconds" or "viewed" or "persisted");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await environmentCatalog.FindEnvironmentAsync(EnvironmentId, ct) is not { } env) return NotFound();
        Environment = env;
        Usage = await trackingRules.GetPlaybackQuotaUsageAsync(EnvironmentId, ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        PerDay = await catalog.CountRecordingsPerDayAsync(EnvironmentId, today.AddDays(-29), today, ct);
        SavedFilters = await collections.ListSavedFiltersAsync(EnvironmentId, ct);
        Collections = await collections.ListCollectionsAsync(EnvironmentId, ct);
        Form = RecordingListForm.Read(Request.Query);
        PageNumber = int.TryParse(Request.Query["p"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 100_000) : 1;
        // The page keeps the form as it was sent, so the admin can correct what the message names.
        if (Form.ToQuery(EnvironmentId, User.AdminId(), PageSize, (PageNumber - 1) * PageSize, ModelState, Now) is { } query)
            Recordings = await catalog.ListRecordingsAsync(query, ct);
        else Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Saves the filters the list shows now under a name, for this environment.</summary>
    public async Task<IActionResult> OnPostSaveFilterAsync(string? name, CancellationToken ct)
    {
        if (await environmentCatalog.FindEnvironmentAsync(EnvironmentId, ct) is null) return NotFound();
        var form = RecordingListForm.Read(Request.Query);
        var errors = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        if (form.ToQuery(EnvironmentId, User.AdminId(), 1, 0, errors, Now) is null)
            return BadRequest(new { error = "The filters cannot be used, so they were not saved." });
        try { await collections.SaveFilterAsync(EnvironmentId, name ?? "", form.QueryString(), ct); }
        catch (InvalidInputException e) { return BadRequest(new { error = e.Message }); }
        return Redirect($"/environments/{EnvironmentId}/recordings{form.QueryString()}");
    }

    public async Task<IActionResult> OnPostDeleteFilterAsync(int id, CancellationToken ct)
    {
        if (!await collections.DeleteSavedFilterAsync(EnvironmentId, id, ct)) return NotFound();
        return Redirect($"/environments/{EnvironmentId}/recordings");
    }

    /// <summary>A collection is the list of its pinned recordings: the session-ids filter with its members.</summary>
    public string CollectionLink(RecordingCollection c) =>
        $"/environments/{EnvironmentId}/recordings?sessionIds={Uri.EscapeDataString(string.Join(',', c.SessionIds))}";

    public string PageLink(int page) => Form.QueryString(("p", page.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The list's address without one filter: a chip's remove link.</summary>
    public string Without(string name)
    {
        var rest = Form.Set().Where(f => f.Name != name).Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}").ToList();
        return $"/environments/{EnvironmentId}/recordings" + (rest.Count == 0 ? "" : "?" + string.Join('&', rest));
    }

    /// <summary>A player link that carries the list's filters, so the player shows this list as its playlist.</summary>
    public string PlayerLink(string sessionId) =>
        $"/environments/{EnvironmentId}/recordings/{Uri.EscapeDataString(sessionId)}" + Form.QueryString(PageNumber > 1 ? [("p", PageNumber.ToString(CultureInfo.InvariantCulture))] : []);
}
