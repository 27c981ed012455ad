using Hangfire.Server;
using Modules.Recordings.Contracts;

namespace Web.Profiling;

/// <summary>Profiles every job a Hangfire worker of this server performs (its database commands and total).</summary>
internal sealed class JobRunProfiling(Profiles profiles) : IServerFilter
{
    private const string Key = "recordings.profile";

    public void OnPerforming(PerformingContext context)
    {
        var name = context.GetJobParameter<string>("RecurringJobId") ?? context.BackgroundJob.Job.Method.Name;
        // Set here, synchronously before the job is invoked on this thread, so the job's async flow carries it.
        context.Items[Key] = profiles.Begin("job", name);
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(Key, out var value) && value is Profile profile)
            profiles.End(profile, context.Result is StorageJobRun run ? run.Outcome : context.Exception is null ? "succeeded" : "failed", byAdmin: false);
    }
}
