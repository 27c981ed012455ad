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
    string? StartUrl, string Storage, long CreatedAtMs);

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
}

/// <summary>The filters, order and page of a recording list. Null filters do not filter.</summary>
public sealed record RecordingListQuery(int EnvironmentId, int Limit, int Offset)
{
    public long? FromMs { get; init; }
    public long? ToMs { get; init; }
    public string? DistinctId { get; init; }
    public Guid? PersonUuid { get; init; }
    public IReadOnlyList<string>? SessionIds { get; init; }
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
