namespace Modules.Recordings.Contracts;

/// <summary>
/// One recording's metadata as the API shows it; times are ms since the epoch. <see cref="Id"/> is the session id.
/// </summary>
/// <param name="Viewed">Whether the admin the recording was read for has played it in the dashboard (false when read for no admin).</param>
/// <param name="Replayable">True once the session is in playback mode (it has, or will have, rrweb data).</param>
/// <param name="Storage">"hot", "cold", "mixed" (both), or "none" when no snapshot data is stored.</param>
/// <param name="CreatedAtMs">When the server first stored this recording; never changes, so it tells a recording apart
/// from a later one under the same (client-chosen) session id.</param>
public sealed record RecordingInfo(
    string Id, string? DistinctId, string? PersonPropertiesJson, bool Viewed, bool Persisted, bool Replayable,
    long StartMs, long EndMs, long ActiveMs, long InactiveMs,
    int ClickCount, int KeypressCount, int MouseActivityCount, int ConsoleLogCount, int ConsoleWarnCount, int ConsoleErrorCount,
    string? StartUrl, string Storage, long CreatedAtMs)
{
    /// <summary>The admins (the Environments module's ids) who have played the recording, first viewer first.</summary>
    public IReadOnlyList<int> ViewerAdminIds { get; init; } = [];
}

/// <summary>Which recordings a list shows, by their snapshot data.</summary>
public enum RecordingKind
{
    /// <summary>Only replayable (playback) sessions, as PostHog lists them.</summary>
    Replayable,
    /// <summary>Only behaviour-only sessions (events, nothing to replay).</summary>
    BehaviorOnly,
    /// <summary>Both.</summary>
    All,
}

/// <summary>What a recording list can be ordered by.</summary>
public enum RecordingOrder
{
    StartTime,
    Duration,
    ActiveSeconds,
    ConsoleErrors,
    InactiveSeconds,
    ConsoleWarnings,
    ConsoleLogs,
    Clicks,
    Keypresses,
    MouseActivity,
    /// <summary>See <see cref="RecordingActivity.Score"/>.</summary>
    ActivityScore,
    /// <summary>The order of <see cref="RecordingListQuery.SessionIds"/>.</summary>
    AsGiven,
}

/// <summary>
/// The activity score, as PostHog defines it: how much of a recording is intent rather than time passing. Active
/// seconds, clicks, key presses and console errors over mouse activity, duration in seconds and console entries,
/// times 100, rounded to two decimals; 0 for an empty recording.
/// </summary>
public static class RecordingActivity
{
    public static double Score(long durationMs, long activeMs, int clicks, int keypresses, int mouseActivity, int logs, int warnings, int errors)
    {
        var denominator = mouseActivity + durationMs / 1000.0 + errors + logs + warnings;
        return denominator <= 0 ? 0 : Math.Round((activeMs / 1000.0 + clicks + keypresses + errors) / denominator * 100, 2);
    }
}

/// <summary>PostHog's property operators.</summary>
public enum FilterOperator
{
    Exact,
    IsNot,
    IContains,
    NotIContains,
    Regex,
    NotRegex,
    IsSet,
    IsNotSet,
    Gt,
    Lt,
}

/// <summary>
/// One condition on a value: <see cref="Values"/> are alternatives for exact and is_not (any of them), the one value
/// for the others, none for is_set and is_not_set. Regular expressions run with a time limit.
/// </summary>
public sealed record ValueCondition(FilterOperator Operator, IReadOnlyList<string> Values)
{
    private static readonly TimeSpan RegexLimit = TimeSpan.FromMilliseconds(100);

    public bool Matches(string? value) => Operator switch
    {
        FilterOperator.IsSet => !string.IsNullOrEmpty(value),
        FilterOperator.IsNotSet => string.IsNullOrEmpty(value),
        _ when value is null => Operator is FilterOperator.IsNot or FilterOperator.NotIContains or FilterOperator.NotRegex,
        FilterOperator.Exact => Values.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase)),
        FilterOperator.IsNot => !Values.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase)),
        FilterOperator.IContains => value.Contains(Values[0], StringComparison.OrdinalIgnoreCase),
        FilterOperator.NotIContains => !value.Contains(Values[0], StringComparison.OrdinalIgnoreCase),
        FilterOperator.Regex => Found(value),
        FilterOperator.NotRegex => !Found(value),
        FilterOperator.Gt => Compare(value) > 0,
        FilterOperator.Lt => Compare(value) < 0,
        _ => false,
    };

    private bool Found(string value)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(value, Values[0], System.Text.RegularExpressions.RegexOptions.None, RegexLimit);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // Numbers compare as numbers (a version "131.0" as 131), anything else as text.
    private int? Compare(string value)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (double.TryParse(Leading(value), System.Globalization.NumberStyles.Float, culture, out var a)
            && double.TryParse(Values[0], System.Globalization.NumberStyles.Float, culture, out var b))
            return a.CompareTo(b);
        return string.Compare(value, Values[0], StringComparison.OrdinalIgnoreCase);
    }

    private static string Leading(string value)
    {
        var end = 0;
        var dots = 0;
        while (end < value.Length && (char.IsAsciiDigit(value[end]) || (value[end] == '.' && ++dots == 1))) end++;
        return end == 0 ? value : value[..end].TrimEnd('.');
    }
}

/// <summary>What a session property filter reads.</summary>
public enum SessionProperty
{
    Browser,
    BrowserVersion,
    Os,
    DeviceType,
    /// <summary>The first page's URL.</summary>
    EntryUrl,
    /// <summary>Any page the session showed.</summary>
    CurrentUrl,
    /// <summary>A person property of the last identify, named by <see cref="SessionPropertyCondition.PersonKey"/>.</summary>
    Person,
}

/// <summary>One of PostHog's property filters on the list: the session property read and the condition it must meet.</summary>
public sealed record SessionPropertyCondition(SessionProperty Property, ValueCondition Condition, string? PersonKey = null);

/// <summary>What an event filter's property condition reads.</summary>
public enum EventField
{
    Url,
    Text,
    Selector,
}

/// <summary>
/// The session has an event of this kind: <see cref="Type"/> as stored ("pageview", "click", "error", "console",
/// "custom", "identify", "pageleave", "input"), <see cref="Name"/> when a custom event's name must match; every field
/// condition must hold for that one event.
/// </summary>
public sealed record EventCondition(string? Type, string? Name, IReadOnlyList<(EventField Field, ValueCondition Condition)> Fields);

/// <summary>
/// The session logged to the console: at one of <see cref="Levels"/> ("info", "warn", "error"; null for any), with a
/// message matching <see cref="Message"/> when given. Only warn and error messages are kept, so a message condition
/// needs levels without info.
/// </summary>
public sealed record ConsoleCondition(IReadOnlyList<string>? Levels, ValueCondition? Message);

/// <summary>The filters, order and page of a recording list. Null filters do not filter.</summary>
public sealed record RecordingListQuery(int EnvironmentId, int Limit, int Offset)
{
    public long? FromMs { get; init; }
    public long? ToMs { get; init; }
    public string? DistinctId { get; init; }
    public Guid? PersonUuid { get; init; }
    public IReadOnlyList<string>? SessionIds { get; init; }
    /// <summary>Any of these distinct ids (an anonymous session's distinct id is its session id).</summary>
    public IReadOnlyList<string>? DistinctIds { get; init; }
    /// <summary>Sessions with a matching event for each condition (all of them).</summary>
    public IReadOnlyList<EventCondition>? Events { get; init; }
    /// <summary>Sessions whose properties match every condition.</summary>
    public IReadOnlyList<SessionPropertyCondition>? Properties { get; init; }
    /// <summary>Sessions with a console entry matching the condition.</summary>
    public ConsoleCondition? Console { get; init; }
    public long? MinDurationMs { get; init; }
    public long? MaxDurationMs { get; init; }
    public string? StartUrlContains { get; init; }
    public bool? HasConsoleErrors { get; init; }
    public bool? Persisted { get; init; }
    /// <summary>Only recordings <see cref="ViewerAdminId"/> has (true) or has not (false) played.</summary>
    public bool? Viewed { get; init; }
    /// <summary>
    /// The admin (the Environments module's id) whose views <see cref="RecordingInfo.Viewed"/> and the
    /// <see cref="Viewed"/> filter mean; null for no admin, who has viewed nothing.
    /// </summary>
    public int? ViewerAdminId { get; init; }
    public RecordingKind Kind { get; init; } = RecordingKind.Replayable;
    public RecordingOrder Order { get; init; } = RecordingOrder.StartTime;
    public bool Descending { get; init; } = true;
}

/// <summary>A page of recordings; <see cref="Count"/> is the total matching the filters.</summary>
public sealed record RecordingListPage(int Count, IReadOnlyList<RecordingInfo> Results);

/// <summary>A person as the recordings know them: there is no person table, so a person is a distinct id.</summary>
public static class RecordingPerson
{
    /// <summary>A stable UUID for a distinct id within an environment (name-based, SHA-1 as in RFC 4122 version 5).</summary>
    public static Guid Uuid(int environmentId, string distinctId)
    {
        // Called for every listed recording, so the name and the hash stay on the stack (distinct ids are short).
        var name = $"recordings-person:{environmentId}:{distinctId}";
        var length = System.Text.Encoding.UTF8.GetByteCount(name);
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : new byte[length];
        System.Text.Encoding.UTF8.GetBytes(name, utf8);
        Span<byte> hash = stackalloc byte[20];
        System.Security.Cryptography.SHA1.HashData(utf8, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A positive numeric id for PostHog's <c>person.id</c>, taken from the UUID.</summary>
    public static long NumericId(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return (long)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 12);
    }
}
