namespace Web.Profiling;

/// <summary>
/// The profiles kept in memory, each list bounded: the latest slow requests (at least
/// <c>Profiling:SlowRequestMilliseconds</c>, 500 by default), the latest job runs, and the latest requests of signed-in
/// admins (so every dashboard page can link to its own profile). The profile being recorded flows with the async
/// context, so EF Core's interceptor finds it from any module.
/// </summary>
public sealed class Profiles(IConfiguration configuration)
{
    private const int Kept = 100;
    private static readonly AsyncLocal<Profile?> CurrentProfile = new();
    private long lastId;
    private readonly Queue<Profile> slow = new(), jobs = new(), admin = new();

    public TimeSpan SlowRequest { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("Profiling:SlowRequestMilliseconds", 500));

    public static Profile? Current => CurrentProfile.Value;

    public Profile Begin(string kind, string name)
    {
        var profile = new Profile(Interlocked.Increment(ref lastId), kind, name);
        CurrentProfile.Value = profile;
        return profile;
    }

    public void End(Profile profile, string outcome, bool byAdmin)
    {
        profile.Finish(outcome);
        if (CurrentProfile.Value == profile) CurrentProfile.Value = null;
        if (profile.Kind == "job") Keep(jobs, profile);
        else if (profile.Duration >= SlowRequest) Keep(slow, profile);
        if (byAdmin && profile.Kind != "job") Keep(admin, profile);
    }

    public IReadOnlyList<Profile> Slow => Snapshot(slow);
    public IReadOnlyList<Profile> Jobs => Snapshot(jobs);

    public Profile? Find(long id)
    {
        lock (this) return slow.Concat(jobs).Concat(admin).FirstOrDefault(p => p.Id == id);
    }

    private void Keep(Queue<Profile> queue, Profile profile)
    {
        lock (this)
        {
            queue.Enqueue(profile);
            while (queue.Count > Kept) queue.Dequeue();
        }
    }

    private List<Profile> Snapshot(Queue<Profile> queue)
    {
        lock (this) return [.. queue.Reverse()];
    }
}
