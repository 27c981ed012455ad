namespace Modules.Recordings.Contracts;

/// <summary>A list filter saved under a name: the dashboard list's query string (without paging).</summary>
public sealed record SavedFilter(int Id, string Name, string Query);

/// <summary>A named collection of pinned recordings (PostHog's playlists); pinned recordings are kept beyond retention.</summary>
public sealed record RecordingCollection(int Id, string Name, IReadOnlyList<string> SessionIds);
