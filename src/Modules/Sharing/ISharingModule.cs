namespace Modules.Sharing;

/// <summary>The Sharing module: public links to single recordings.</summary>
public interface ISharingModule
{
    /// <summary>True when every database of the module answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken ct = default);
}
