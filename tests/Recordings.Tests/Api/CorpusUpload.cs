using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Recordings.Tests.Capture;

namespace Recordings.Tests.Api;

/// <summary>
/// Sends a corpus session through <c>/ingest/batch</c> as the SDK would: per tab, batches of consecutive events, gzip.
/// <c>sent_at</c> is always the corpus clock's "now" (just after its last event), so the server's clock correction moves
/// each batch by (its receive time − that instant): an offset that only grows, batch after batch, so each tab's events
/// keep their order and the session ends just before the real now.
/// </summary>
public sealed class CorpusUpload(HttpClient http, string token, string session, CorpusSession corpus)
{
    private const int EventsPerBatch = 40;
    private const int BytesPerBatch = 3 * 1024 * 1024;
    private readonly Dictionary<string, long> sequences = [];
    private readonly long corpusNow = corpus.LastTimestamp + 1000;

    /// <summary>The batches in the order they are sent: consecutive runs of one tab's lines.</summary>
    public List<(string Window, List<JsonObject> Events)> Batches()
    {
        var batches = new List<(string, List<JsonObject>)>();
        string? window = null;
        List<JsonObject>? current = null;
        var bytes = 0;
        foreach (var (w, e) in corpus.Lines)
        {
            var size = e.ToJsonString().Length;
            if (current is null || w != window || current.Count == EventsPerBatch || bytes + size > BytesPerBatch)
            {
                current = [];
                batches.Add((w, current));
                window = w;
                bytes = 0;
            }
            current.Add(e);
            bytes += size;
        }
        return batches;
    }

    public async Task SendAsync(IEnumerable<(string Window, List<JsonObject> Events)> batches)
    {
        foreach (var (window, events) in batches)
        {
            var sequence = sequences[window] = sequences.GetValueOrDefault(window) + 1;
            var batch = new JsonObject
            {
                ["token"] = token, ["session_id"] = session, ["window_id"] = window, ["sequence"] = sequence,
                ["sent_at"] = corpusNow,
                ["snapshots"] = new JsonArray([.. events.Select(e => e.DeepClone())]),
            };
            var response = await new IngestClient(http, token).PostAsync("/ingest/batch", IngestClient.Gzip(Encoding.UTF8.GetBytes(batch.ToJsonString())), gzip: true);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"Ingestion refused a corpus batch: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
