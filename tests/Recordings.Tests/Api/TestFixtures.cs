using System.Text.Json.Nodes;
using Recordings.Tests.Support;

namespace Recordings.Tests.Api;

/// <summary>
/// Files the tests read, all inside this project: the PostHog API seed in <c>Fixtures/</c> (the API is checked against
/// it). Nothing outside the repository is read, so a clone with nothing beside it runs every test.
/// </summary>
public static class TestFixtures
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
