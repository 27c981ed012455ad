namespace Modules.Recordings.Contracts;

/// <summary>A recording by its environment and session id, as other modules know it.</summary>
public sealed record RecordingKey(int EnvironmentId, string SessionId);

/// <summary>
/// What a module that keeps something about recordings (Sharing's links) implements to learn that recordings are
/// going, whichever way they go: deleted by the API or the dashboard, in bulk, or by retention. The host registers the
/// implementations; Recordings calls each before it deletes, so nothing kept elsewhere outlives its recording (a crash
/// in between leaves the recording, which the next delete or retention run removes, telling again).
/// </summary>
public interface IRecordingRemovalListener
{
    /// <summary>Forget these recordings; called before they are deleted, possibly more than once for the same ones.</summary>
    Task RecordingsRemovingAsync(IReadOnlyList<RecordingKey> recordings, CancellationToken ct);
}
