namespace Modules.Recordings.Contracts;

/// <summary>A stored behaviour event; timestamps are ms since the epoch, corrected for the client's clock.</summary>
public sealed record BehaviorEvent(
    long Id, string WindowId, long Timestamp, string Type, string? Name, string? Url, string? Selector, string? Text,
    string? PropertiesJson);

/// <summary>A page of a session's behaviour events in time order; <see cref="Count"/> is the total.</summary>
public sealed record BehaviorEventsPage(int Count, IReadOnlyList<BehaviorEvent> Results);
