namespace Modules.Recordings.Collections;

internal sealed class SavedFilterRow
{
    public int Id { get; set; }
    public int EnvironmentId { get; set; }
    public string Name { get; set; } = "";
    public string Query { get; set; } = "";
    public long CreatedAtMs { get; set; }
}

internal sealed class CollectionRow
{
    public int Id { get; set; }
    public int EnvironmentId { get; set; }
    public string Name { get; set; } = "";
    public long CreatedAtMs { get; set; }
}

/// <summary>A recording pinned into a collection; it goes with the recording when that is deleted.</summary>
internal sealed class CollectionItemRow
{
    public int CollectionId { get; set; }
    public long RecordingId { get; set; }
    public long AddedAtMs { get; set; }
}
