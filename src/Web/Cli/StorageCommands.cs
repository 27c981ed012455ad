using System.CommandLine;
using Modules.Environments.Contracts;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Web.Hosting;

namespace Web.Cli;

internal static class StorageCommands
{
    /// <summary><c>jobs run archive-snapshots|retention</c>: runs the job now, in this process, and prints the run.</summary>
    public static Command CreateJobs(OperatorCommand.Runner run)
    {
        var job = new Argument<string>("job id") { Description = "The job to run" };
        job.AcceptOnlyFromAmong([.. StorageJobIds.All]);
        return new Command("jobs", "The storage jobs")
        {
            run.Handle(new Command("run", "Runs a job now, in this process, and prints the run") { job }, async (p, services) =>
            {
                var r = await services.GetRequiredService<IRecordingStorage>().RunStorageJobAsync(p.GetValue(job)!);
                return new { job = r.JobId, r.Outcome, r.StartedAt, r.FinishedAt, DurationMs = (r.FinishedAt - r.StartedAt).TotalMilliseconds, r.Counts, r.Error };
            }),
        };
    }

    /// <summary>
    /// <c>backup --to DIR</c>: an online, consistent copy of every database and the cold files into an empty or new
    /// directory, while the server keeps running.
    /// </summary>
    public static Command CreateBackup(OperatorCommand.Runner run)
    {
        var to = CliOptions.Text("--to", "A new or empty directory");
        var command = new Command("backup", "Copies every database and the cold files into a new or empty directory while the server runs") { to };
        return run.Handle(command, async (p, services) =>
        {
            var target = Path.GetFullPath(p.GetValue(to)!);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                throw new InvalidInputException("to", $"{target} is not empty; back up into a new or empty directory.");
            var databases = services.GetRequiredService<ModuleDatabases>();
            List<(string File, long Bytes)> copies = [];
            var cold = await services.GetRequiredService<IRecordingStorage>().BackupColdFilesAsync(target,
                async ct => copies = await databases.BackupAsync(target, ct));
            return new
            {
                To = target,
                Databases = copies.Select(c => new { c.File, c.Bytes }),
                ColdFiles = cold.Files,
                ColdBytes = cold.Bytes,
            };
        });
    }
}
