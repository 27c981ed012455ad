namespace Modules.Recordings;

/// <summary>The Recordings module: ingestion, storage and reading of recorded sessions.</summary>
public interface IRecordingsModule
{
    /// <summary>True when every database of the module answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken ct = default);
}
