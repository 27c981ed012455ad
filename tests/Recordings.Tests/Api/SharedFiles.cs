using System.Text.Json.Nodes;
using Recordings.Tests.Support;

namespace Recordings.Tests.Api;

/// <summary>
/// Files the tests read: the PostHog seed, copied into <c>Fixtures/</c> of this project from the team's
/// <c>shared/seeds</c> (the API is checked against it), so a clone with nothing beside it runs every test.
/// </summary>
public static class SharedFiles
{
    public static string Seed(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}

/// <summary>One test recording (<see cref="GeneratedSessions"/>): its <c>[window_id, event]</c> lines in arrival order.</summary>
public sealed record CorpusSession(IReadOnlyList<(string Window, JsonObject Event)> Lines)
{
    /// <summary>The generated session of that number, shaped like the corpus session of the same number.</summary>
    public static CorpusSession Generate(int session) =>
        new([.. GeneratedSessions.Session(session).Select(l => (l.WindowId, l.Event))]);

    public long LastTimestamp => Lines.Max(l => l.Event["timestamp"]!.GetValue<long>());

    public IEnumerable<string> Windows => Lines.Select(l => l.Window).Distinct();
}
