using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.PosthogJs;

/// <summary>posthog-js's endpoints over plain HTTP: its remote config, its recorder script, and hostile bodies.</summary>
public sealed class PosthogJsEndpointTests : IDisposable
{
    private readonly RecordingsApp app = new();
    private readonly CapturedData stored;

    public PosthogJsEndpointTests() => stored = new CapturedData(app.DataDirectory);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_remote_config_turns_recording_on_with_our_endpoint_and_the_environments_masking_and_everything_else_off()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { MaskAllInputs = false });
        using var http = app.NewClient();
        foreach (var path in new[] { $"/array/{env.Token}/config", $"/array/{env.Token}/config.js" })
        {
            var text = await http.GetStringAsync(path);
            var json = path.EndsWith(".js") ? text[(text.IndexOf("{config:") + 8)..text.LastIndexOf(",siteApps:")] : text;
            var config = JsonDocument.Parse(json).RootElement;
            var recording = config.GetProperty("sessionRecording");
            Assert.Equal("/s/", recording.GetProperty("endpoint").GetString());
            Assert.False(recording.GetProperty("masking").GetProperty("maskAllInputs").GetBoolean());
            Assert.Equal(JsonValueKind.Null, recording.GetProperty("sampleRate").ValueKind);
            Assert.Equal(["gzip", "gzip-js"], config.GetProperty("supportedCompression").EnumerateArray().Select(e => e.GetString()));
            foreach (var off in new[] { "heatmaps", "surveys", "captureDeadClicks", "capturePerformance", "autocaptureExceptions", "hasFeatureFlags" })
                Assert.False(config.GetProperty(off).GetBoolean(), off);
        }

        var flags = await http.PostAsync("/flags/?v=2&config=true", Json(new { token = env.Token, distinct_id = "d1" }));
        var answer = JsonDocument.Parse(await flags.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, flags.StatusCode);
        Assert.Empty(answer.GetProperty("flags").EnumerateObject());
        Assert.Equal("/s/", answer.GetProperty("sessionRecording").GetProperty("endpoint").GetString());
        var flagsOnly = JsonDocument.Parse(await (await http.PostAsync("/flags/?v=2", Json(new { token = env.Token, distinct_id = "d1" })))
            .Content.ReadAsStringAsync()).RootElement;
        Assert.False(flagsOnly.TryGetProperty("sessionRecording", out _));
    }

    [Fact]
    public async Task Recording_turned_off_for_the_environment_turns_it_off_in_the_remote_config()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { RecordingEnabled = false });
        using var http = app.NewClient();
        var config = JsonDocument.Parse(await http.GetStringAsync($"/array/{env.Token}/config")).RootElement;
        Assert.Equal(JsonValueKind.False, config.GetProperty("sessionRecording").ValueKind);
    }

    [Fact]
    public async Task With_the_manual_toggle_on_the_remote_config_enables_recording_at_a_sample_rate_of_zero()
    {
        // posthog-js can start only a recording its config enables; sampled out, it sends nothing until the page's
        // posthog.startSessionRecording(true) overrides the sampling.
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        using var http = app.NewClient();
        var recording = JsonDocument.Parse(await http.GetStringAsync($"/array/{env.Token}/config")).RootElement.GetProperty("sessionRecording");
        Assert.Equal("/s/", recording.GetProperty("endpoint").GetString());
        Assert.Equal("0.00", recording.GetProperty("sampleRate").GetString());
    }

    [Fact]
    public async Task The_remote_config_refuses_an_origin_the_environment_does_not_allow_and_an_unknown_token()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { AllowedOrigins = ["https://shop.example"] });
        using var http = app.NewClient();
        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"/array/{env.Token}/config");
        foreign.Headers.Add("Origin", "https://elsewhere.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);
        using var allowed = new HttpRequestMessage(HttpMethod.Get, $"/array/{env.Token}/config");
        allowed.Headers.Add("Origin", "https://shop.example");
        var response = await http.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://shop.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/array/env_nothing/config")).StatusCode);
    }

    [Theory]
    [InlineData("/static/lazy-recorder.js")]
    [InlineData("/static/lazy-recorder.js?v=1.449.2")]
    [InlineData("/static/1.449.2/lazy-recorder.js")]
    [InlineData("/static/recorder.js?v=1.449.2")]
    [InlineData("/static/posthog-recorder.js")]
    public async Task The_recorder_script_is_served_from_the_npm_package_to_any_site_and_cached(string path)
    {
        using var http = app.NewClient();
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("max-age=3600", response.Headers.CacheControl!.ToString());
        Assert.Contains("javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }

    [Fact]
    public async Task A_snapshot_sent_gzipped_as_a_base64_form_and_as_plain_json_is_stored_once_each_and_a_retry_is_stored_once()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        using var http = app.NewClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = SnapshotBody(env.Token, "s1", now);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/s/?compression=gzip-js&_={now}", new ByteArrayContent(Gzip(body)))).StatusCode);
        // posthog-js's retry: the same body, sent a second later.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/s/?compression=gzip-js&_={now + 1000}&retry_count=1", new ByteArrayContent(Gzip(body)))).StatusCode);
        var form = "data=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes(SnapshotBody(env.Token, "s2", now))));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/s/?compression=base64&_={now}",
            new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/s/?_={now}", new StringContent(SnapshotBody(env.Token, "s3", now)))).StatusCode);

        foreach (var session in new[] { "s1", "s2", "s3" })
        {
            var chunks = await stored.ChunksAsync(session);
            Assert.Single(chunks);
            Assert.Contains("\"childNodes\":[]", chunks[0].Jsonl); // the compressed full snapshot, inflated
            Assert.DoesNotContain("\"cv\"", chunks[0].Jsonl);
        }
    }

    [Fact]
    public async Task Posthog_events_become_our_behaviour_events_and_person_properties_and_the_rest_is_accepted_and_dropped()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { ManualPlaybackStart = true });
        using var http = app.NewClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string Event(string name, string properties, int offset) =>
            "{\"uuid\":\"" + Guid.NewGuid() + "\",\"event\":\"" + name + "\",\"offset\":" + offset + ",\"properties\":{" + properties
            + "\"token\":\"" + env.Token + "\",\"$session_id\":\"e1\",\"$window_id\":\"w1\",\"distinct_id\":\"anon-1\",\"$current_url\":\"https://shop.example/cart\"}}";
        var batch = $$"""
            {"api_key":"{{env.Token}}","sent_at":"{{DateTimeOffset.FromUnixTimeMilliseconds(now):O}}","batch":[
              {{Event("$pageview", "\"title\":\"Cart\",", 900)}},
              {{Event("$autocapture", "\"$event_type\":\"click\",\"$el_text\":\"Buy now\",\"$elements_chain\":\"button.primary:attr__id=\\\"buy\\\"nth-child=\\\"1\\\";body\",", 800)}},
              {{Event("$exception", "\"$exception_list\":[{\"type\":\"TypeError\",\"value\":\"x is undefined\"}],", 700)}},
              {{Event("$identify", "\"$set\":{\"plan\":\"pro\"},", 600).Replace("\"distinct_id\":\"anon-1\"", "\"distinct_id\":\"user-7\"")}},
              {{Event("$web_vitals", "", 500)}},
              {{Event("signed_up", "", 400)}},
              {{Event("$pageleave", "", 300)}}
            ]}
            """;
        var response = await http.PostAsync("/i/v0/e/", new ByteArrayContent(Gzip(batch)));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var events = await stored.EventsAsync("e1");
        Assert.Equal(["pageview", "click", "error", "identify", "pageleave"], events.Select(e => e.Type));
        var click = events.Single(e => e.Type == "click");
        Assert.Equal("button.primary#buy", click.Selector);
        Assert.Equal("Buy now", click.Text);
        Assert.All(events, e => Assert.InRange(e.TimestampMs, now - 1000, now));
        var recording = (await stored.RecordingAsync("e1"))!;
        Assert.Equal("user-7", recording.DistinctId);
        Assert.Equal("behavior", recording.Mode);
        var person = await stored.QueryAsync("SELECT PersonPropertiesJson FROM recordings WHERE SessionId = 'e1'", r => r.GetString(0));
        Assert.Equal("pro", JsonDocument.Parse(person.Single()).RootElement.GetProperty("plan").GetString());

        // A later $set of the same person sets what it names and keeps the rest, as PostHog does; another person starts afresh.
        async Task<string> PersonAfterAsync(string distinctId, string set)
        {
            var later = "[" + Event("$set", "\"$set\":" + set + ",", 5).Replace("\"distinct_id\":\"anon-1\"", $"\"distinct_id\":\"{distinctId}\"") + "]";
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/e/?_={now}", new StringContent(later))).StatusCode);
            return (await stored.QueryAsync("SELECT PersonPropertiesJson FROM recordings WHERE SessionId = 'e1'", r => r.GetString(0))).Single();
        }
        var merged = JsonDocument.Parse(await PersonAfterAsync("user-7", "{\"email\":\"u7@example.com\",\"plan\":\"team\"}")).RootElement;
        Assert.Equal("team", merged.GetProperty("plan").GetString());
        Assert.Equal("u7@example.com", merged.GetProperty("email").GetString());
        var other = JsonDocument.Parse(await PersonAfterAsync("user-8", "{\"email\":\"u8@example.com\"}")).RootElement;
        Assert.Equal(["email"], other.EnumerateObject().Select(p => p.Name));
        var error = await stored.QueryAsync("SELECT Name FROM behavior_events WHERE Type = 'error'", r => r.GetString(0));
        Assert.Equal("x is undefined", error.Single());

        // The dropped ones are counted on the Storage page.
        using var dashboard = new Dashboard(app);
        await dashboard.SignInAsync();
        var (_, storage) = await dashboard.GetAsync("/storage");
        Assert.Equal("2", storage.QuerySelector("#posthog-dropped-total")!.TextContent);
        Assert.Contains("$web_vitals", storage.QuerySelector("#posthog-dropped-names")!.TextContent);

        // A single event (not a batch) to /e/ is accepted too.
        var single = await http.PostAsync($"/e/?_={now}", new StringContent(Event("$pageview", "", 10).Replace("\"e1\"", "\"e2\"")));
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(["pageview"], (await stored.EventsAsync("e2")).Select(e => e.Type));
    }

    [Fact]
    public async Task Snapshots_and_events_from_an_origin_the_environment_does_not_allow_are_refused_and_nothing_is_stored()
    {
        var env = await CaptureEnvironment.CreateAsync(app, s => s with { AllowedOrigins = ["https://shop.example"] });
        using var http = app.NewClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (path, body) in new[] { ("/s/", SnapshotBody(env.Token, "o1", now)), ("/e/", EventBody(env.Token, "o1", now)) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}?_={now}") { Content = new StringContent(body) };
            request.Headers.Add("Origin", "https://elsewhere.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
        }
        Assert.Equal(0, await stored.CountAllAsync());

        using var allowed = new HttpRequestMessage(HttpMethod.Post, $"/s/?_={now}") { Content = new StringContent(SnapshotBody(env.Token, "o1", now)) };
        allowed.Headers.Add("Origin", "https://shop.example");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(allowed)).StatusCode);
        Assert.Single(await stored.ChunksAsync("o1"));
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>fflate's byte string of a gzip member, as posthog-js puts a compressed full snapshot in its event.</summary>
    internal static string Latin1(byte[] bytes) => new(bytes.Select(b => (char)b).ToArray());

    internal static string FullSnapshotData() =>
        JsonSerializer.Serialize(Latin1(Gzip("""{"node":{"type":0,"childNodes":[],"id":1},"initialOffset":{"left":0,"top":0}}""")));

    /// <summary>A $snapshot event as posthog-js sends it: a Meta event and a compressed full snapshot (the cv marker).</summary>
    internal static string SnapshotBody(string token, string session, long now) => $$"""
        [{"uuid":"{{Guid.NewGuid()}}","event":"$snapshot","properties":{"$snapshot_bytes":100,"props":{},
          "$snapshot_data":[{"type":4,"data":{"href":"https://shop.example/","width":800,"height":600},"timestamp":{{now - 50}}},
            {"type":2,"data":{{FullSnapshotData()}},"cv":"2024-10","timestamp":{{now - 40}}}],
          "$session_id":"{{session}}","$window_id":"w1","distinct_id":"d1","token":"{{token}}"},"offset":10}]
        """;

    internal static string EventBody(string token, string session, long now) => $$"""
        [{"uuid":"{{Guid.NewGuid()}}","event":"$pageview","properties":{"$current_url":"https://shop.example/","props":{},
          "$session_id":"{{session}}","$window_id":"w1","distinct_id":"d1","token":"{{token}}"},"offset":10}]
        """;

    internal static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }
}

/// <summary>
/// Hostile bodies on posthog-js's endpoints, on one server for the class (a server each cost a minute of the suite):
/// none of them may store anything, so its database stays empty throughout and each case checks that.
/// </summary>
public sealed class PosthogJsHostileBodyTests(PosthogJsHostileBodyTests.Server server) : IClassFixture<PosthogJsHostileBodyTests.Server>
{
    public sealed class Server : IDisposable
    {
        public RecordingsApp App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    public static TheoryData<string, string> HostileBodies => new()
    {
        { "/s/", "wrong token" }, { "/s/", "truncated gzip" }, { "/s/", "base64 garbage" }, { "/s/", "huge" }, { "/s/", "deep nesting" },
        { "/s/", "cv garbage" }, { "/s/", "cv bomb" }, { "/s/", "not json" }, { "/s/", "snapshot data not an array" },
        { "/e/", "wrong token" }, { "/e/", "truncated gzip" }, { "/e/", "base64 garbage" }, { "/e/", "huge" }, { "/e/", "deep nesting" },
        { "/e/", "not json" }, { "/e/", "properties not an object" },
        { "/flags/?v=2", "wrong token" }, { "/flags/?v=2", "truncated gzip" }, { "/flags/?v=2", "base64 garbage" }, { "/flags/?v=2", "huge" },
        { "/flags/?v=2", "deep nesting" }, { "/flags/?v=2", "not json" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task A_hostile_body_is_refused_with_a_4xx_and_nothing_is_stored(string path, string kind)
    {
        var app = server.App;
        var env = await CaptureEnvironment.CreateAsync(app);
        using var http = app.NewClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var good = path.StartsWith("/s/") ? PosthogJsEndpointTests.SnapshotBody(env.Token, "h1", now)
            : path.StartsWith("/e/") ? PosthogJsEndpointTests.EventBody(env.Token, "h1", now)
            : "{\"token\":\"" + env.Token + "\",\"distinct_id\":\"d1\",\"props\":{}}";
        HttpContent content = kind switch
        {
            "wrong token" => new StringContent(good.Replace(env.Token, "env_not_a_token")),
            "truncated gzip" => new ByteArrayContent(PosthogJsEndpointTests.Gzip(good)[..^6]),
            "base64 garbage" => new StringContent("data=%%%not-base64!!", Encoding.ASCII, "application/x-www-form-urlencoded"),
            "huge" => new ByteArrayContent(new byte[9 * 1024 * 1024]),
            "deep nesting" => new StringContent(good.Replace("\"props\":{}", "\"props\":" + new string('[', 3000) + new string(']', 3000))),
            "cv garbage" => new StringContent(good.Replace(PosthogJsEndpointTests.FullSnapshotData(), "\"\\u001f\\u008bgarbage\"")),
            "cv bomb" => new StringContent(good.Replace(PosthogJsEndpointTests.FullSnapshotData(), JsonSerializer.Serialize(PosthogJsEndpointTests.Latin1(PosthogJsEndpointTests.Gzip(new string(' ', 60 * 1024 * 1024)))))),
            "not json" => new StringContent("{\"event\": \"$snapshot\", "),
            "snapshot data not an array" => new StringContent(good.Replace("\"$snapshot_data\":[", "\"$snapshot_data\":7,\"x\":[")),
            "properties not an object" => new StringContent(good.Replace("\"properties\":{", "\"properties\":7,\"p\":{")),
            _ => throw new ArgumentException(kind),
        };
        var response = await http.PostAsync($"{path}{(path.Contains('?') ? "&" : "?")}_={now}", content);
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{kind} on {path}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.NotNull(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(0, await new CapturedData(app.DataDirectory).CountAllAsync());
    }
}
