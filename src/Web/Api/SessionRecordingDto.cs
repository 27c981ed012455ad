using System.Text.Json;
using Modules.Recordings.Contracts;

namespace Web.Api;

/// <summary>A session recording with the seed's field names (snake_case by the API's JSON options).</summary>
internal sealed record SessionRecordingDto(
    string Id, string DistinctId, bool Viewed, long RecordingDuration, long ActiveSeconds, long InactiveSeconds,
    DateTimeOffset StartTime, DateTimeOffset EndTime, int ClickCount, int KeypressCount, int MouseActivityCount,
    int ConsoleLogCount, int ConsoleWarnCount, int ConsoleErrorCount, string? StartUrl, PersonDto Person,
    string Storage, string SnapshotSource, bool Persisted)
{
    /// <summary>A session without an identify is its own anonymous person: its distinct id is the session id.</summary>
    public static SessionRecordingDto From(int environmentId, RecordingInfo r)
    {
        var distinctId = r.DistinctId ?? r.Id;
        return new SessionRecordingDto(
            r.Id, distinctId, r.Viewed, Seconds(r.EndMs - r.StartMs), Math.Min(Seconds(r.ActiveMs), Seconds(r.EndMs - r.StartMs)),
            // Rounded so that active + inactive = duration, as a reader adds them up.
            Math.Max(0, Seconds(r.EndMs - r.StartMs) - Seconds(r.ActiveMs)),
            Time(r.StartMs), Time(r.EndMs), r.ClickCount, r.KeypressCount, r.MouseActivityCount,
            r.ConsoleLogCount, r.ConsoleWarnCount, r.ConsoleErrorCount, r.StartUrl,
            PersonDto.From(environmentId, distinctId, r.PersonPropertiesJson, r.StartMs),
            r.Storage, r.Replayable ? "web" : "none", r.Persisted);
    }

    private static long Seconds(long ms) => (long)Math.Round(Math.Max(0, ms) / 1000.0, MidpointRounding.AwayFromZero);

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

/// <summary>
/// PostHog's person. There is no person table here: a person is a distinct id, its UUID derived from it, its
/// properties those of the last identify, its <c>created_at</c> the start of this recording.
/// </summary>
internal sealed record PersonDto(long Id, string Name, IReadOnlyList<string> DistinctIds, JsonElement Properties, DateTimeOffset CreatedAt, Guid Uuid)
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    public static PersonDto From(int environmentId, string distinctId, string? propertiesJson, long firstSeenMs)
    {
        var properties = StoredJson.Read(propertiesJson) ?? Empty;
        var uuid = RecordingPerson.Uuid(environmentId, distinctId);
        return new PersonDto(RecordingPerson.NumericId(uuid), NameIn(properties) ?? distinctId, [distinctId], properties,
            DateTimeOffset.FromUnixTimeMilliseconds(firstSeenMs), uuid);
    }

    private static string? NameIn(JsonElement properties)
    {
        if (properties.ValueKind != JsonValueKind.Object) return null;
        foreach (var key in (string[])["email", "name", "username"])
            if (properties.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
        return null;
    }
}
