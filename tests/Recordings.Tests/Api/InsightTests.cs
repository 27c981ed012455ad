using System.Net;
using System.Text.Json;

namespace Recordings.Tests.Api;

[Collection(nameof(SeededApi))]
public sealed class InsightTests(SeededApi api)
{
    private async Task<JsonElement> SummarizeAsync(string id)
    {
        var response = await api.Reader.PostAsync($"{api.Base}/{id}/summarize", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SeededApi.JsonOf(response);
    }

    [Fact]
    public async Task The_summary_tells_pages_in_order_with_time_on_each_clicks_rage_clicks_errors_and_the_ending()
    {
        var s = await SummarizeAsync("visit-a");
        Assert.Equal(["https://shop.test/", "https://shop.test/products/42", "https://shop.test/cart"],
            s.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("url").GetString()));
        Assert.Equal(10, s.GetProperty("pages")[0].GetProperty("duration_seconds").GetDouble());
        var rage = s.GetProperty("rage_clicks").EnumerateArray().Single();
        Assert.Equal("button#add-to-cart", rage.GetProperty("target").GetString());
        Assert.Equal(4, rage.GetProperty("clicks").GetInt32());
        Assert.Equal("https://shop.test/cart", rage.GetProperty("url").GetString());
        Assert.Equal(["exception", "console_error"], s.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var text = s.GetProperty("summary").GetString()!;
        Assert.Contains("by alice", text);
        Assert.Contains("3 pages visited: / (10 s), then /products/42 (10 s), then /cart", text);
        Assert.Contains("Rage click: 4 quick clicks on \"Add to cart\" on /cart", text);
        Assert.Contains("TypeError: Cannot read properties of undefined", text);
        Assert.Contains("It ended", text);
    }

    [Fact]
    public async Task The_same_recording_always_gets_the_same_summary()
    {
        Assert.Equal((await SummarizeAsync("visit-b")).GetRawText(), (await SummarizeAsync("visit-b")).GetRawText());
    }

    [Fact]
    public async Task Errors_that_differ_only_in_numbers_form_one_cluster_across_recordings()
    {
        var clusters = (await api.GetJsonAsync(api.Base + "/error_clusters")).GetProperty("results");
        var exception = clusters.EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "exception");
        Assert.Equal(2, exception.GetProperty("count").GetInt32());
        Assert.Equal(2, exception.GetProperty("recordings_affected").GetInt32());
        Assert.Equal("TypeError: Cannot read properties of undefined (reading <str>) at <n>", exception.GetProperty("message").GetString());
        Assert.Equal("https://shop.test/app.js:12", exception.GetProperty("top_frame").GetString());
        Assert.Equal(["visit-a", "visit-b"], exception.GetProperty("sample_recording_ids").EnumerateArray().Select(x => x.GetString()).Order());
        Assert.True(exception.GetProperty("first_seen").GetDateTimeOffset() < exception.GetProperty("last_seen").GetDateTimeOffset());
        Assert.Equal(2, clusters.EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "console_error").GetProperty("count").GetInt32());
        var none = (await api.GetJsonAsync(api.Base + "/error_clusters?date_from=-1M")).GetProperty("results");
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task Matching_events_returns_the_ids_and_times_of_one_sessions_events_that_match_every_filter()
    {
        var clicks = (await api.GetJsonAsync(api.Base + "/matching_events?session_ids=visit-a&event=click&text=add+to")).GetProperty("results");
        Assert.Equal(4, clicks.GetArrayLength());
        Assert.All(clicks.EnumerateArray(), e => Assert.True(e.GetProperty("id").GetInt64() > 0));
        var times = clicks.EnumerateArray().Select(e => e.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        var cart = (await api.GetJsonAsync(api.Base + "/matching_events?session_ids=[\"visit-a\"]&url=/cart")).GetProperty("results");
        Assert.Equal("pageview", cart.EnumerateArray().Single().GetProperty("type").GetString());
    }

    [Fact]
    public async Task Matching_events_answer_each_event_as_PostHog_does_with_a_uuid_and_a_timestamp()
    {
        var clicks = (await api.GetJsonAsync(api.Base + "/matching_events?session_ids=visit-a&event=click")).GetProperty("results");
        Assert.Equal(4, clicks.GetArrayLength());
        var uuids = clicks.EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!).ToList();
        Assert.All(uuids, u => Assert.True(Guid.TryParseExact(u, "D", out _), u));
        Assert.Equal(4, uuids.Distinct().Count());
        Assert.All(clicks.EnumerateArray(), e => Assert.True(e.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UnixEpoch));
        // The same event keeps its uuid from one call to the next, so a client can refer to it.
        var again = (await api.GetJsonAsync(api.Base + "/matching_events?session_ids=visit-a&event=click")).GetProperty("results");
        Assert.Equal(uuids, again.EnumerateArray().Select(e => e.GetProperty("uuid").GetString()!));
    }

    [Fact]
    public async Task Matching_events_take_PostHogs_events_filter_and_answer_the_events_matching_any_entry()
    {
        var events = Uri.EscapeDataString("""
            [{"id": "$pageview", "type": "events", "properties": [{"key": "$current_url", "value": "/cart$", "operator": "regex", "type": "event"}]},
             {"id": "$exception", "type": "events"}]
            """);
        var found = (await api.GetJsonAsync(api.Base + "/matching_events?session_ids=visit-a&events=" + events)).GetProperty("results");
        Assert.Equal(["error", "pageview"], found.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Order());
        var none = (await api.GetJsonAsync(api.Base + "/matching_events?session_ids=visit-c&events=" + events)).GetProperty("results");
        Assert.Equal(0, none.GetArrayLength());
        var bad = await api.Reader.GetAsync(api.Base + "/matching_events?session_ids=visit-a&events=" + Uri.EscapeDataString("[{\"id\": 1, \"type\": \"actions\"}]"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Properties_answer_each_recording_as_PostHog_does_with_an_id_and_its_properties()
    {
        var results = (await api.GetJsonAsync(api.Base + "/properties?session_ids=visit-a,visit-b")).GetProperty("results");
        var a = results.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "visit-a").GetProperty("properties");
        Assert.Equal("Chrome", a.GetProperty("$browser").GetString());
        Assert.Equal("Windows", a.GetProperty("$os").GetString());
        Assert.Equal("Desktop", a.GetProperty("$device_type").GetString());
        Assert.Equal(1280, a.GetProperty("$viewport_width").GetInt32());
        Assert.Equal("https://shop.test/", a.GetProperty("$current_url").GetString());
        var b = results.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "visit-b").GetProperty("properties");
        Assert.Equal("iOS", b.GetProperty("$os").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?event=click")]
    [InlineData("?session_ids=visit-a")]
    [InlineData("?session_ids=visit-a,visit-b&event=click")]
    public async Task Matching_events_without_exactly_one_session_and_an_event_filter_is_refused_with_400(string query)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Reader.GetAsync(api.Base + "/matching_events" + query)).StatusCode);
    }

    [Fact]
    public async Task Properties_tell_browser_os_device_viewport_start_url_referrer_and_person()
    {
        var results = (await api.GetJsonAsync(api.Base + "/properties?session_ids=visit-a,visit-b,unknown")).GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        var a = results[0];
        Assert.Equal("visit-a", a.GetProperty("session_id").GetString());
        Assert.Equal("Chrome", a.GetProperty("browser").GetString());
        Assert.Equal("Windows", a.GetProperty("os").GetString());
        Assert.Equal("Desktop", a.GetProperty("device_type").GetString());
        Assert.Equal(1280, a.GetProperty("viewport_width").GetInt32());
        Assert.Equal(720, a.GetProperty("viewport_height").GetInt32());
        Assert.Equal("https://shop.test/", a.GetProperty("start_url").GetString());
        Assert.Equal("https://search.test/?q=shop", a.GetProperty("referrer").GetString());
        Assert.Equal("pro", a.GetProperty("person_properties").GetProperty("plan").GetString());
        var b = results[1];
        Assert.Equal(("Safari", "iOS", "Mobile"), (b.GetProperty("browser").GetString(), b.GetProperty("os").GetString(), b.GetProperty("device_type").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Reader.GetAsync(api.Base + "/properties")).StatusCode);
    }

    [Fact]
    public async Task Unknown_recordings_answer_404_on_every_single_recording_endpoint()
    {
        foreach (var path in (string[])["/nobody", "/nobody/similar_sessions", "/nobody/snapshots", "/nobody/sharing", "/matching_events?session_ids=nobody&event=click"])
            Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.GetAsync(api.Base + path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.PostAsync(api.Base + "/nobody/summarize", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.PostAsync(api.Base + "/nobody/persist", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.DeleteAsync(api.Base + "/nobody")).StatusCode);
    }
}
