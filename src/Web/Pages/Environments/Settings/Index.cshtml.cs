using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Modules.Environments;
using Modules.Environments.Contracts;

namespace Web.Pages.Environments.Settings;

/// <summary>One environment: its install snippet, quota use and settings form.</summary>
public sealed class IndexModel(IEnvironmentCatalog environmentCatalog, ITrackingRules trackingRules) : PageModel
{
    [FromRoute] public int Id { get; set; }
    public EnvironmentInfo Environment { get; private set; } = null!;
    public PlaybackQuotaUsage Usage { get; private set; } = null!;
    public bool Saved { get; private set; }
    public IReadOnlyList<PlaybackQuotaUsage> History { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public bool RecordingEnabled { get; set; }
    [BindProperty] public bool ManualPlaybackStart { get; set; }
    [BindProperty] public string? PlaybackQuota { get; set; }
    /// <summary>"Unlimited" ticked: no quota, whatever the number field says.</summary>
    [BindProperty] public bool QuotaUnlimited { get; set; }
    [BindProperty] public string? RetentionDays { get; set; }
    [BindProperty] public bool MaskAllInputs { get; set; }
    [BindProperty] public string? AllowedOrigins { get; set; }

    public async Task<IActionResult> OnGetAsync(bool saved, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var s = Environment.Settings;
        (Name, RecordingEnabled, ManualPlaybackStart, MaskAllInputs) = (Environment.Name, s.RecordingEnabled, s.ManualPlaybackStart, s.MaskAllInputs);
        PlaybackQuota = s.PlaybackQuota?.ToString();
        QuotaUnlimited = s.PlaybackQuota is null;
        RetentionDays = s.RetentionDays.ToString();
        AllowedOrigins = string.Join('\n', s.AllowedOrigins);
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            var settings = new EnvironmentSettings(
                RecordingEnabled, ManualPlaybackStart, Quota(), ParseRetention(RetentionDays), MaskAllInputs,
                (AllowedOrigins ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            await environmentCatalog.UpdateEnvironmentAsync(Id, Name ?? "", settings, ct);
            return Redirect($"/environments/{Id}?saved=true");
        }
        catch (InvalidInputException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await environmentCatalog.FindEnvironmentAsync(Id, ct) is not { } env) return false;
        Environment = env;
        Usage = await trackingRules.GetPlaybackQuotaUsageAsync(Id, ct);
        History = await trackingRules.GetPlaybackQuotaHistoryAsync(Id, 6, ct);
        return true;
    }

    // A number given is the quota; with none, "Unlimited" must be ticked (the page's script clears the number when it is).
    private int? Quota() =>
        !string.IsNullOrWhiteSpace(PlaybackQuota) ? ParseQuota(PlaybackQuota)
        : QuotaUnlimited || !Request.Form.ContainsKey("quotaUnlimitedShown") ? null
        : throw new InvalidInputException("playbackQuota", "Give the number of playback sessions per month, or tick “Unlimited”.");

    private static int? ParseQuota(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim(), out var n) ? n
        : throw new InvalidInputException("playbackQuota", "Playback quota must be a whole number, or empty for unlimited.");

    private static int ParseRetention(string? text) =>
        int.TryParse(text?.Trim(), out var n) ? n
        : throw new InvalidInputException("retentionDays", "Retention must be a whole number of days.");
}
