using System.Text.Json;
using System.Text.Json.Nodes;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>
/// Test recordings as the SDK sends them: the generated session of that number (<see cref="GeneratedSessions"/>), shaped
/// like a real recorded session of the same number, so the tests need no recordings from outside the repository.
/// </summary>
public static class Corpus
{
    public sealed record Line(string WindowId, JsonNode Event, long Timestamp);

    public static List<Line> Load(int session) =>
        [.. GeneratedSessions.Session(session).Select(l => new Line(l.WindowId, l.Event, l.Event["timestamp"]!.GetValue<long>()))];

    /// <summary>
    /// The session as SDK batches: per window, <paramref name="eventsPerBatch"/> events at a time, numbered from 0, each
    /// stamped sent_at = its last event's time so the server moves the recording onto its own clock.
    /// </summary>
    public static List<(string WindowId, long Sequence, JsonObject Body)> Batches(
        List<Line> lines, string token, string sessionId, int eventsPerBatch)
    {
        var batches = new List<(string, long, JsonObject)>();
        foreach (var window in lines.GroupBy(l => l.WindowId))
        {
            long sequence = 0;
            foreach (var part in window.Chunk(eventsPerBatch))
            {
                var body = new JsonObject
                {
                    ["token"] = token, ["session_id"] = sessionId, ["window_id"] = window.Key, ["sequence"] = sequence,
                    ["sent_at"] = part[^1].Timestamp, ["events"] = new JsonArray(),
                    ["snapshots"] = new JsonArray(part.Select(l => l.Event.DeepClone()).ToArray()),
                };
                batches.Add((window.Key, sequence++, body));
            }
        }
        return batches;
    }

    public static JsonSerializerOptions Json { get; } = new();
}
