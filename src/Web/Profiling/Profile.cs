using System.Diagnostics;

namespace Web.Profiling;

/// <summary>One database command of a profile: its SQL text as the provider got it (parameters as placeholders, so
/// no input value), which module's database ran it, when it started within the profile and how long it took.</summary>
public sealed record ProfiledCommand(string Module, string Sql, TimeSpan Offset, TimeSpan Duration);

/// <summary>
/// A request or a job run with the timeline of its database commands: what MiniProfiler shows, built on EF Core's
/// command interceptor. At most <see cref="MaxCommands"/> commands are kept (all are counted and timed).
/// </summary>
public sealed class Profile(long id, string kind, string name)
{
    public const int MaxCommands = 100;

    private readonly long started = Stopwatch.GetTimestamp();
    private readonly List<ProfiledCommand> commands = [];
    private long databaseTicks;
    private int commandCount;

    public long Id { get; } = id;
    /// <summary><c>request</c> or <c>job</c>.</summary>
    public string Kind { get; } = kind;
    /// <summary>The method and route pattern (never the path's values or the query), or the job's id.</summary>
    public string Name { get; set; } = name;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public TimeSpan Duration { get; private set; }
    /// <summary>The status code or the job's outcome.</summary>
    public string Outcome { get; private set; } = "";
    public int CommandCount => Volatile.Read(ref commandCount);
    public TimeSpan DatabaseTime => TimeSpan.FromTicks(Interlocked.Read(ref databaseTicks));
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

    public IReadOnlyList<ProfiledCommand> Commands
    {
        get { lock (commands) return [.. commands]; }
    }

    public void Add(string module, string sql, TimeSpan duration)
    {
        Interlocked.Add(ref databaseTicks, duration.Ticks);
        Interlocked.Increment(ref commandCount);
        var offset = Elapsed - duration;
        lock (commands)
            if (commands.Count < MaxCommands) commands.Add(new ProfiledCommand(module, sql, offset < TimeSpan.Zero ? TimeSpan.Zero : offset, duration));
    }

    public void Finish(string outcome)
    {
        Duration = Elapsed;
        Outcome = outcome;
    }
}
