using Modules.Recordings.Contracts;

namespace Modules.Sharing.Links;

/// <summary>Sharing's part of a recording's removal: its link goes first (see <see cref="IRecordingRemovalListener"/>).</summary>
internal sealed class LinkRemoval(ShareLinks links) : IRecordingRemovalListener
{
    public Task RecordingsRemovingAsync(IReadOnlyList<RecordingKey> recordings, CancellationToken ct) => links.RemoveAsync(recordings, ct);
}
