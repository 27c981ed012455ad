using Microsoft.Extensions.Options;

namespace Modules.Recordings.Storage;

/// <summary>
/// Serialises everything that writes or removes cold files — archive runs, deletions, retention, backups — across
/// threads and processes (the server and an operator's <c>jobs run</c>). It is an exclusive lock on
/// <c>cold/.lock</c>, which the OS releases when its holder dies, so a crash never leaves it held. Holding it is what
/// makes the sweep safe: no other writer can have a file renamed but not yet committed to the index.
/// </summary>
internal sealed class StorageLock(IOptions<StorageOptions> options, TimeProvider clock)
{
    private readonly StorageOptions settings = options.Value;

    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(settings.ColdDirectory);
        else if (!Directory.Exists(settings.ColdDirectory)) Directory.CreateDirectory(settings.ColdDirectory, DurableFile.PrivateDirectory);
        var path = Path.Combine(settings.ColdDirectory, ".lock");
        var deadline = clock.GetUtcNow().AddSeconds(settings.LockWaitSeconds);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), clock, ct);
            }
        }
    }
}
