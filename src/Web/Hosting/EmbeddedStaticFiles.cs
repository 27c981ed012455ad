using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Web.Hosting;

/// <summary>
/// The files of <c>wwwroot</c>, embedded in the program (so the single binary carries them), read through the build's
/// manifest the first time a file is asked for. The manifest is XML: reading it at start-up loaded the runtime's XML
/// libraries into every server, one that only receives recordings included (README, "Memory").
/// </summary>
internal sealed class EmbeddedStaticFiles : IFileProvider
{
    private readonly Lazy<ManifestEmbeddedFileProvider> files = new(() => new ManifestEmbeddedFileProvider(typeof(Program).Assembly, "wwwroot"));

    public IFileInfo GetFileInfo(string subpath) => files.Value.GetFileInfo(subpath);
    public IDirectoryContents GetDirectoryContents(string subpath) => files.Value.GetDirectoryContents(subpath);
    public IChangeToken Watch(string filter) => files.Value.Watch(filter);
}
