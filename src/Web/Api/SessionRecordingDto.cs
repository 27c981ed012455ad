using System.Text.Json;
using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>
/// A session recording with PostHog's field names (snake_case by the API's JSON options) and times in UTC, written
/// with a <c>Z</c> as PostHog writes them.
/// </summary>
/// <param name="Ongoing">Data arrived for it within the last five minutes (PostHog's proxy for a live session).</param>
/// <param name="ActivityScore">See <see cref="RecordingActivity.Score"/>.</param>
/// <param name="ExpiryTime">When retention deletes it (at the next hourly run after); null once persisted.</param>
/// <param name="RecordingTtl">Days left: the retention period less the whole days since it started; null once persisted.</param>
/// <param name="Viewers">The emails of the other admins who have played it (the key's own admin is <paramref name="Viewed"/>).</param>
internal sealed record SessionRecordingDto(
    string Id, string DistinctId, bool Viewed, IReadOnlyList<string> Viewers, long RecordingDuration, long ActiveSeconds, long InactiveSeconds,
    DateTime StartTime, DateTime EndTime, int ClickCount, int KeypressCount, int MouseActivityCount,
    int ConsoleLogCount, int ConsoleWarnCount, int ConsoleErrorCount, string? StartUrl, PersonDto Person,
    string Storage, string SnapshotSource, string? SnapshotLibrary, bool Persisted, bool Ongoing, double ActivityScore,
    int RetentionPeriodDays, DateTime? ExpiryTime, int? RecordingTtl)
{
    public static readonly TimeSpan OngoingWithin = TimeSpan.FromMinutes(5);

    /// <summary>The recordings as the API answers them, with what they need from the environment and the admins.</summary>
    public static async Task<List<SessionRecordingDto>> ListAsync(HttpContext http, int environmentId, IReadOnlyList<RecordingInfo> recordings, CancellationToken ct)
    {
        var services = http.RequestServices;
        var environment = http.CheckedEnvironment(environmentId)
            ?? await services.GetRequiredService<Modules.Environments.IEnvironmentCatalog>().FindEnvironmentAsync(environmentId, ct);
        var retentionDays = environment?.Settings.RetentionDays ?? 0;
        var viewerIds = recordings.SelectMany(r => r.ViewerAdminIds).Distinct().ToList();
        var emails = await services.GetRequiredService<Modules.Environments.IAdminAccounts>().GetAdminEmailsAsync(viewerIds, ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var self = http.ApiKey().OwnerAdminId;
        return [.. recordings.Select(r => From(environmentId, r, now, retentionDays,
            [.. r.ViewerAdminIds.Where(id => id != self && emails.ContainsKey(id)).Select(id => emails[id])]))];
    }

    public static async Task<SessionRecordingDto> OneAsync(HttpContext http, int environmentId, RecordingInfo recording, CancellationToken ct) =>
        (await ListAsync(http, environmentId, [recording], ct))[0];

    /// <summary>A session without an identify is its own anonymous person: its distinct id is the session id.</summary>
    private static SessionRecordingDto From(int environmentId, RecordingInfo r, DateTimeOffset now, int retentionDays, IReadOnlyList<string> viewers)
    {
        var distinctId = r.DistinctId ?? r.Id;
        var duration = Seconds(r.EndMs - r.StartMs);
        var active = Math.Min(Seconds(r.ActiveMs), duration);
        // The retention job deletes a recording once both its last data and its arrival lie retentionDays back.
        var expiry = r.Persisted ? (DateTimeOffset?)null
            : DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(r.EndMs, r.CreatedAtMs)).AddDays(retentionDays);
        return new SessionRecordingDto(
            r.Id, distinctId, r.Viewed, viewers, duration, active,
            // Rounded so that active + inactive = duration, as a reader adds them up.
            Math.Max(0, duration - Seconds(r.ActiveMs)),
            Time(r.StartMs), Time(r.EndMs), r.ClickCount, r.KeypressCount, r.MouseActivityCount,
            r.ConsoleLogCount, r.ConsoleWarnCount, r.ConsoleErrorCount, r.StartUrl,
            PersonDto.From(environmentId, distinctId, r.PersonPropertiesJson, r.StartMs),
            r.Storage, r.Replayable ? "web" : "none", r.Replayable ? "web" : null, r.Persisted,
            now.ToUnixTimeMilliseconds() - r.EndMs <= OngoingWithin.TotalMilliseconds,
            RecordingActivity.Score(r.EndMs - r.StartMs, r.ActiveMs, r.ClickCount, r.KeypressCount, r.MouseActivityCount,
                r.ConsoleLogCount, r.ConsoleWarnCount, r.ConsoleErrorCount),
            // As PostHog counts it: the retention period less the whole days since the recording started.
            retentionDays, expiry?.UtcDateTime, expiry is null ? null : Math.Max(0, retentionDays - (int)((now.ToUnixTimeMilliseconds() - r.StartMs) / 86_400_000)));
    }

    private static long Seconds(long ms) => (long)Math.Round(Math.Max(0, ms) / 1000.0, MidpointRounding.AwayFromZero);

    private static DateTime Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}

/// <summary>
/// PostHog's person. There is no person table here: a person is a distinct id, its UUID derived from it, its
/// properties those of the last identify, its <c>created_at</c> the start of this recording.
/// </summary>
internal sealed record PersonDto(long Id, string Name, IReadOnlyList<string> DistinctIds, JsonElement Properties, DateTime CreatedAt, Guid Uuid)
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    public static PersonDto From(int environmentId, string distinctId, string? propertiesJson, long firstSeenMs)
    {
        var properties = StoredJson.Read(propertiesJson) ?? Empty;
        var uuid = RecordingPerson.Uuid(environmentId, distinctId);
        return new PersonDto(RecordingPerson.NumericId(uuid), NameIn(properties) ?? distinctId, [distinctId], properties,
            DateTimeOffset.FromUnixTimeMilliseconds(firstSeenMs).UtcDateTime, uuid);
    }

    private static string? NameIn(JsonElement properties)
    {
        if (properties.ValueKind != JsonValueKind.Object) return null;
        foreach (var key in (string[])["email", "name", "username"])
            if (properties.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
        return null;
    }
}
