using System.Net;
using System.Text.Json.Nodes;
using Recordings.Tests.Capture;

namespace Recordings.Tests.Api;

/// <summary>
/// Records sessions through the ingestion endpoints as the SDK would: behaviour events and rrweb data with realistic
/// shapes, timestamps relative to now.
/// </summary>
public sealed class RecordingSeeder(HttpClient http, string token)
{
    private readonly Dictionary<string, long> sequences = [];

    /// <summary>Sends one batch of a session's tab; the sequence numbers count up per tab.</summary>
    public async Task RecordAsync(string session, string window, IEnumerable<JsonObject> events, IEnumerable<JsonObject>? snapshots = null,
        string? userAgent = null)
    {
        var key = session + "/" + window;
        var sequence = sequences[key] = sequences.GetValueOrDefault(key) + 1;
        var batch = new JsonObject
        {
            ["token"] = token, ["session_id"] = session, ["window_id"] = window, ["sequence"] = sequence,
            ["sent_at"] = IngestClient.Now, ["events"] = new JsonArray([.. events]), ["snapshots"] = new JsonArray([.. snapshots ?? []]),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/batch") { Content = new ByteArrayContent(IngestClient.Json(batch)) };
        if (userAgent is not null) request.Headers.UserAgent.ParseAdd(userAgent);
        var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Ingestion refused the batch: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A typical shop visit: landing page, a product, clicks, optional errors, with rrweb meta and mouse moves.</summary>
    public Task ShopVisitAsync(string session, long startAgoMs = 60_000, string[]? paths = null, int clicks = 2, string? error = null,
        string? distinctId = null, string window = "w1", string? userAgent = null, int clickGapMs = 2000)
    {
        paths ??= ["/", "/products/42"];
        var t = IngestClient.Now - startAgoMs;
        var events = new List<JsonObject>();
        var snapshots = new List<JsonObject>
        {
            Rrweb(4, t, new JsonObject { ["href"] = "https://shop.test" + paths[0], ["width"] = 1280, ["height"] = 720 }),
        };
        if (distinctId is not null)
            events.Add(Event("identify", t, ("name", distinctId), ("properties", new JsonObject { ["email"] = distinctId + "@example.com", ["plan"] = "pro" })));
        for (var i = 0; i < paths.Length; i++)
        {
            var at = t + i * 10_000;
            events.Add(Event("pageview", at, ("url", "https://shop.test" + paths[i]), ("name", "Page " + paths[i]),
                ("properties", new JsonObject { ["referrer"] = i == 0 ? "https://search.test/?q=shop" : "https://shop.test" + paths[i - 1] })));
            snapshots.Add(Rrweb(3, at + 500, new JsonObject { ["source"] = 1, ["positions"] = new JsonArray() }));
        }
        var last = t + (paths.Length - 1) * 10_000;
        for (var i = 0; i < clicks; i++)
            events.Add(Event("click", last + 1000 + i * clickGapMs, ("selector", "button#add-to-cart"), ("text", "Add to cart")));
        if (error is not null)
        {
            events.Add(Event("console", last + 1600, ("name", "error"), ("text", "Checkout failed: " + error)));
            events.Add(Event("error", last + 1500, ("name", error), ("url", "https://shop.test/app.js?v=7"), ("properties", new JsonObject { ["line"] = 12, ["column"] = 3 })));
        }
        return RecordAsync(session, window, events, snapshots, userAgent);
    }

    public static JsonObject Event(string type, long timestamp, params (string Name, JsonNode? Value)[] fields)
    {
        var e = new JsonObject { ["type"] = type, ["timestamp"] = timestamp };
        foreach (var (name, value) in fields) e[name] = value;
        return e;
    }

    public static JsonObject Rrweb(int type, long timestamp, JsonObject data) => new() { ["type"] = type, ["timestamp"] = timestamp, ["data"] = data };
}
