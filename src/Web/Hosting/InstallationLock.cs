namespace Web.Hosting;

/// <summary>
/// Marks a SQLite installation as in use. Every server on the data directory holds a shared lock on
/// <c>server.lock</c> there while it runs (several may, as before; the OS drops a lock when its process dies, so a crash
/// leaves nothing held). <c>migrate --to-postgres</c> takes it exclusively: the move refuses while a server runs, and a
/// server does not start while a move is under way. Taken before the modules' migrations run (a lifecycle service's
/// starting step, registered before <see cref="ModuleInitialiser"/>).
/// </summary>
internal sealed class InstallationLock(ModuleDatabases databases) : IHostedLifecycleService, IDisposable
{
    public const string File = "server.lock";

    private FileStream? held;

    public static string PathIn(ModuleDatabases databases) => Path.Combine(databases.DataDirectory, File);

    public Task StartingAsync(CancellationToken ct)
    {
        ModuleDatabases.CreatePrivateDirectory(databases.DataDirectory);
        try
        {
            // A read-only FileStream that others may share takes flock(LOCK_SH) on Unix, on every file system.
            held = Open(FileAccess.Read, FileShare.ReadWrite, databases);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"{PathIn(databases)} is held exclusively: `recordings migrate` is moving this installation. "
                + "Start the server when it has finished.", e);
        }
        return Task.CompletedTask;
    }

    /// <summary>The installation held exclusively (dispose to let go), or null while a server holds it.</summary>
    public static FileStream? TryHoldExclusively(ModuleDatabases databases)
    {
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB): it fails at once while any server holds its shared lock.
            return Open(FileAccess.ReadWrite, FileShare.None, databases);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static FileStream Open(FileAccess access, FileShare share, ModuleDatabases databases)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = access, Share = share };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = ModuleDatabases.PrivateFile;
        return new FileStream(PathIn(databases), options);
    }

    public Task StopAsync(CancellationToken ct)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        held?.Dispose();
        held = null;
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
