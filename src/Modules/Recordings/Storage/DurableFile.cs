using System.Runtime.InteropServices;

namespace Modules.Recordings.Storage;

/// <summary>
/// fsync for directories: a rename is only durable once the directory holding it is flushed, which .NET cannot do
/// (it does not open directories), so on Unix this calls libc directly. Windows makes renames durable on its own.
/// </summary>
internal static class DurableFile
{
    private const int ReadOnly = 0;

    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, ReadOnly);
        if (fd < 0) throw new IOException($"Cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"Flushing directory {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Creates the directory and flushes every parent that gained an entry, up to <paramref name="root"/>.</summary>
    public static void CreateDirectory(string root, string directory)
    {
        var created = new List<string>();
        for (var d = directory; !Directory.Exists(d) && d.Length > root.Length; d = Path.GetDirectoryName(d)!) created.Add(d);
        if (created.Count == 0) return;
        Directory.CreateDirectory(directory);
        foreach (var d in created) FlushDirectory(Path.GetDirectoryName(d)!);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
