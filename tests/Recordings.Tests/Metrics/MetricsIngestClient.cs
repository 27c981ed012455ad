using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Metrics;

/// <summary>Posts batches of chosen behaviour events and rrweb events, and reads back what the module says of the recording.</summary>
public sealed class MetricsIngestClient(RecordingsApp app, HttpClient http, int environmentId, string token)
{
    private readonly IngestClient client = new(http, token);

    public async Task BeginAsync(string session, string window, long sentAt)
    {
        var body = new JsonObject { ["token"] = token, ["session_id"] = session, ["window_id"] = window, ["sent_at"] = sentAt };
        var response = await client.PostAsync("/ingest/session", IngestClient.Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>One batch; <paramref name="split"/> sends the SDK's split body (the rrweb events as their own gzip member of lines).</summary>
    public async Task SendAsync(string session, string window, long sequence, IEnumerable<JsonObject>? events = null,
        IEnumerable<JsonObject>? snapshots = null, bool split = false, long? sentAt = null)
    {
        var batch = new JsonObject
        {
            ["token"] = token, ["session_id"] = session, ["window_id"] = window, ["sequence"] = sequence,
            ["sent_at"] = sentAt ?? IngestClient.Now,
            ["events"] = new JsonArray([.. (events ?? []).Select(e => e.DeepClone())]),
            ["snapshots"] = new JsonArray([.. (snapshots ?? []).Select(e => e.DeepClone())]),
        };
        HttpResponseMessage response;
        if (split && batch["snapshots"]!.AsArray().Count > 0)
        {
            var (envelope, lines) = IngestClient.Split(batch);
            response = await client.SendSplitAsync(envelope, lines);
        }
        else response = await client.SendAsync(batch, gzip: true);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends lines of stored chunks (<c>["window", event]</c> JSONL) as a batch of rrweb data only.</summary>
    public async Task SendLinesAsync(string session, string window, long sequence, string jsonl)
    {
        var envelope = new JsonObject
        {
            ["token"] = token, ["session_id"] = session, ["window_id"] = window, ["sequence"] = sequence,
            ["sent_at"] = IngestClient.Now, ["events"] = new JsonArray(),
        };
        var response = await client.SendSplitAsync(IngestClient.Json(envelope), System.Text.Encoding.UTF8.GetBytes(jsonl));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private RecordingsRoles Module => RecordingsRoles.Of(app);

    public async Task<RecordingInfo> RecordingAsync(string session) => (await Module.Catalog.GetRecordingAsync(environmentId, session, null))!;

    public async Task<RecordingSummary> SummaryAsync(string session) => (await Module.Insights.SummarizeRecordingAsync(environmentId, session))!;

    public async Task<IReadOnlyList<BehaviorEvent>> CountedEventsAsync(string session) =>
        (await Module.Insights.ListCountedEventsAsync(environmentId, session))!.Results;

    public static bool IsError(BehaviorEvent e) => e.Type == "error" || (e.Type == "console" && e.Name == "error");

    public Task<IReadOnlyList<ErrorCluster>> ErrorClustersAsync() =>
        Module.Insights.ListErrorClustersAsync(environmentId, IngestClient.Now - 86_400_000, IngestClient.Now + 60_000, 100);

    public static JsonObject Behavior(string type, long at, string? name = null, string? url = null, string? selector = null, string? text = null)
    {
        var e = new JsonObject { ["type"] = type, ["timestamp"] = at };
        if (name is not null) e["name"] = name;
        if (url is not null) e["url"] = url;
        if (selector is not null) e["selector"] = selector;
        if (text is not null) e["text"] = text;
        return e;
    }
}
