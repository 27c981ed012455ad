using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Web.Hosting;

namespace Web.Cli;

internal static class StorageCommands
{
    /// <summary><c>jobs run archive-snapshots|retention</c>: runs the job now, in this process, and prints the run.</summary>
    public static async Task<object> RunJobAsync(CommandArguments a, IServiceProvider services)
    {
        var job = a.Positional(0, "job id");
        a.EnsureAllUsed();
        if (!StorageJobIds.All.Contains(job))
            throw new InvalidInputException("job", $"Unknown job '{job}'. Known: {string.Join(", ", StorageJobIds.All)}.");
        var run = await services.GetRequiredService<IRecordingsModule>().RunStorageJobAsync(job);
        return new { job = run.JobId, run.Outcome, run.StartedAt, run.FinishedAt, DurationMs = (run.FinishedAt - run.StartedAt).TotalMilliseconds, run.Counts, run.Error };
    }

    /// <summary>
    /// <c>backup --to DIR</c>: an online, consistent copy of every database and the cold files into an empty or new
    /// directory, while the server keeps running.
    /// </summary>
    public static async Task<object> BackupAsync(CommandArguments a, IServiceProvider services)
    {
        var target = Path.GetFullPath(a.Required("to"));
        a.EnsureAllUsed();
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new InvalidInputException("to", $"{target} is not empty; back up into a new or empty directory.");
        var databases = services.GetRequiredService<ModuleDatabases>();
        List<(string File, long Bytes)> copies = [];
        var cold = await services.GetRequiredService<IRecordingsModule>().BackupColdFilesAsync(target,
            async ct => copies = await databases.BackupAsync(target, ct));
        return new
        {
            To = target,
            Databases = copies.Select(c => new { c.File, c.Bytes }),
            ColdFiles = cold.Files,
            ColdBytes = cold.Bytes,
        };
    }
}
