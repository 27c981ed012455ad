using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>An in-process server where every recording is due for the cold store at once, with helpers to fill it.</summary>
public static class StorageTestSite
{
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        // The recurring jobs stay off: each test runs them itself, at the moment it means to.
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ColdAfterSeconds"] = "0", ["Storage:SegmentBytes"] = "60000",
            ["Storage:ArchiveSchedule"] = "0 0 31 2 *", ["Storage:RetentionSchedule"] = "0 0 31 2 *", ["Storage:ArchiveAtStart"] = "false",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>Sends a corpus session (or its first <paramref name="maxEvents"/> events) as session <paramref name="sessionId"/>.</summary>
    public static async Task IngestAsync(RecordingsApp app, EnvironmentInfo env, int corpusSession, string sessionId, int maxEvents = int.MaxValue)
    {
        var ingest = new IngestClient(app.NewClient(), env.Token);
        var lines = Corpus.Load(corpusSession).Take(maxEvents).ToList();
        foreach (var (_, _, body) in Corpus.Batches(lines, env.Token, sessionId, eventsPerBatch: 25))
        {
            var response = await ingest.SendAsync(body, gzip: true);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A clock running <paramref name="ahead"/> of the real one, for retention.</summary>
    public static Action<IServiceCollection> ClockAhead(TimeSpan ahead) => services => services.AddSingleton<TimeProvider>(new AheadClock(ahead));

    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
