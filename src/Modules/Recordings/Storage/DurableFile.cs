using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Modules.Recordings.Storage;

/// <summary>
/// Flushing files and directories to the device, many at once. A rename is only durable once the directory holding it
/// is flushed, which .NET cannot do (it does not open directories), so on Unix this calls libc directly. Windows makes
/// renames durable on its own. The flushes of a group are issued together, each on its own thread, so the file
/// system can serve them with one journal commit and one device flush instead of one per file.
/// </summary>
internal static class DurableFile
{
    private const int ReadOnly = 0;

    /// <summary>fsync of every file, concurrently; returns once all are on the device, or throws the first failure.</summary>
    private static void FlushFiles(IReadOnlyList<FileStream> files) => Concurrently(files, f => f.Flush(flushToDisk: true));

    private static void FlushDirectories(IReadOnlyCollection<string> directories)
    {
        if (OperatingSystem.IsWindows()) return;
        Concurrently(directories, FlushDirectory);
    }

    private static void FlushDirectory(string directory)
    {
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

    // fsync blocks its thread in the kernel; pool threads would be added too slowly to overlap them, so each gets its own.
    private static void Concurrently<T>(IReadOnlyCollection<T> items, Action<T> flush)
    {
        if (items.Count == 1) { flush(items.First()); return; }
        var tasks = items.Select(item => Task.Factory.StartNew(() => flush(item), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    /// <summary>Cold files hold recorded content: readable by the server's own user only (0600, directories 0700).</summary>
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    /// <summary>Creates the directory; returns every parent that gained an entry (up to <paramref name="root"/>), to be flushed.</summary>

    public static List<string> CreateDirectory(string root, string directory)
    {
        var parents = new List<string>();
        for (var d = directory; !Directory.Exists(d) && d.Length > root.Length; d = Path.GetDirectoryName(d)!) parents.Add(Path.GetDirectoryName(d)!);
        if (parents.Count > 0)
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, PrivateDirectory);
        }
        return parents;
    }

    /// <summary>
    /// The flushes of one group of new files, under <paramref name="directory"/>: on Linux each is one <c>syncfs(2)</c>
    /// on that file system, elsewhere an fsync of every file or directory (<see cref="FlushFiles"/>,
    /// <see cref="FlushDirectories"/>). Begin it before the group's first write (see <see cref="GroupFlush"/>).
    /// </summary>
    public static GroupFlush BeginGroup(string directory)
    {
        if (!OperatingSystem.IsLinux()) return new GroupFlush(-1, directory);
        var fd = Open(directory, ReadOnly);
        if (fd < 0) throw new IOException($"Cannot open directory {directory} (errno {Marshal.GetLastPInvokeError()}).");
        return new GroupFlush(fd, directory);
    }

    /// <summary>
    /// <c>syncfs(2)</c> writes out all dirty data and metadata of the file system and flushes the device. Since Linux 5.8
    /// it also reports any write-back error on that file system since the handle was opened, which is why the handle is
    /// opened before the group's first write.
    /// </summary>
    internal sealed class GroupFlush(int fd, string directory) : IDisposable
    {
        public void Files(IReadOnlyList<FileStream> files)
        {
            if (fd < 0) FlushFiles(files);
            else SyncFileSystem();
        }

        public void Directories(IReadOnlyCollection<string> directories)
        {
            if (fd < 0) FlushDirectories(directories);
            else SyncFileSystem();
        }

        private void SyncFileSystem()
        {
            if (SyncFs(fd) != 0) throw new IOException($"Flushing the file system of {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        public void Dispose()
        {
            if (fd >= 0) _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFs(int fd);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
