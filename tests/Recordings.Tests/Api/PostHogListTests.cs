using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Recordings.Tests.Api;

/// <summary>
/// The list as PostHog's clients use it: paging by has_next and offset, PostHog's orders and directions, its date
/// forms and default, its JSON filters, its fields; and every PostHog list parameter either applied or refused.
/// </summary>
[Collection(nameof(SeededApi))]
public sealed class PostHogListTests(SeededApi api)
{
    private static readonly string[] All = ["visit-c", "visit-b", "visit-a"];

    private async Task<string[]> IdsAsync(string query) =>
        [.. (await api.GetJsonAsync(api.Base + query)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

    private async Task<JsonElement> RefusedAsync(string query)
    {
        var response = await api.Reader.GetAsync(api.Base + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string Q(string json) => Uri.EscapeDataString(json);

    [Fact]
    public async Task A_client_paging_with_has_next_and_offset_gets_every_recording_once()
    {
        var seen = new List<string>();
        for (var offset = 0; ; offset++)
        {
            var page = await api.GetJsonAsync(api.Base + $"?limit=1&offset={offset}");
            seen.AddRange(page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            if (!page.GetProperty("has_next").GetBoolean()) break;
            Assert.True(offset < 10, "has_next never became false");
        }
        Assert.Equal(All, seen);
        var second = await api.GetJsonAsync(api.Base + "?limit=1&offset=1");
        var previous = second.GetProperty("previous").GetString()!;
        Assert.DoesNotContain("offset=", previous);
        Assert.Equal(["visit-c"], (await api.GetJsonAsync(previous)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_largest_offset_answers_an_empty_last_page_and_a_bad_offset_names_offset()
    {
        var far = await api.GetJsonAsync(api.Base + $"?limit=1000&offset={int.MaxValue}");
        Assert.False(far.GetProperty("has_next").GetBoolean());
        Assert.Equal(JsonValueKind.Null, far.GetProperty("next").ValueKind);
        Assert.Equal(0, far.GetProperty("results").GetArrayLength());
        var previous = far.GetProperty("previous").GetString()!;
        Assert.Contains($"offset={int.MaxValue - 1000}", previous);
        Assert.Equal("offset", (await RefusedAsync("?offset=-1")).GetProperty("attr").GetString());
        Assert.Equal("offset", (await RefusedAsync("?offset=2147483648")).GetProperty("attr").GetString());
        Assert.Equal("limit", (await RefusedAsync("?limit=0")).GetProperty("attr").GetString());
    }

    [Theory]
    [InlineData("?order=start_time", new[] { "visit-c", "visit-b", "visit-a" })]
    [InlineData("?order=start_time&order_direction=ASC", new[] { "visit-a", "visit-b", "visit-c" })]
    [InlineData("?order=click_count", new[] { "visit-a", "visit-b", "visit-c" })]
    [InlineData("?order=click_count&order_direction=asc", new[] { "visit-c", "visit-b", "visit-a" })]
    [InlineData("?order=-click_count", new[] { "visit-a", "visit-b", "visit-c" })]
    [InlineData("?session_ids=visit-a,visit-c,visit-b", new[] { "visit-a", "visit-c", "visit-b" })]
    [InlineData("?session_ids=[\"visit-b\",\"visit-a\",\"visit-c\"]&limit=2&offset=1", new[] { "visit-a", "visit-c" })]
    [InlineData("?session_ids=visit-a,visit-c,visit-b&order=start_time", new[] { "visit-c", "visit-b", "visit-a" })]
    public async Task Orders_are_largest_first_unless_asked_and_session_ids_come_back_in_the_order_given(string query, string[] expected) =>
        Assert.Equal(expected, await IdsAsync(query));

    [Theory]
    [InlineData("duration", "recording_duration")]
    [InlineData("active_seconds", "active_seconds")]
    [InlineData("inactive_seconds", "inactive_seconds")]
    [InlineData("activity_score", "activity_score")]
    [InlineData("click_count", "click_count")]
    [InlineData("keypress_count", "keypress_count")]
    [InlineData("mouse_activity_count", "mouse_activity_count")]
    [InlineData("console_error_count", "console_error_count")]
    public async Task Each_order_sorts_by_the_field_it_names(string order, string field)
    {
        double[] Values(JsonElement page) => [.. page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty(field).GetDouble())];
        var down = Values(await api.GetJsonAsync(api.Base + "?snapshot_source=all&order=" + order));
        var up = Values(await api.GetJsonAsync(api.Base + "?snapshot_source=all&order_direction=ASC&order=" + order));
        Assert.Equal(down.OrderDescending(), down);
        Assert.Equal(down.Order(), up);
        Assert.Equal(4, down.Length);
    }

    [Fact]
    public async Task A_minus_order_with_order_direction_asc_is_refused() =>
        Assert.Equal("order_direction", (await RefusedAsync("?order=-duration&order_direction=ASC")).GetProperty("attr").GetString());

    [Theory]
    [InlineData("distinct_ids", "[\"alice\",\"bob\"]", new[] { "visit-b", "visit-a" })]
    [InlineData("distinct_ids", "alice,visit-c", new[] { "visit-c", "visit-a" })]
    [InlineData("events", "[{\"id\":\"$autocapture\",\"type\":\"events\"}]", new[] { "visit-b", "visit-a" })]
    [InlineData("events", "[{\"id\":\"$exception\",\"type\":\"events\",\"name\":\"$exception\"}]", new[] { "visit-b", "visit-a" })]
    [InlineData("events", "[{\"id\":\"$pageview\",\"type\":\"events\",\"properties\":[{\"key\":\"$current_url\",\"value\":\"/blog/post\",\"operator\":\"icontains\",\"type\":\"event\"}]}]", new[] { "visit-c" })]
    [InlineData("events", "[{\"id\":\"$autocapture\",\"properties\":[{\"key\":\"text\",\"value\":\"^Add to\",\"operator\":\"regex\",\"type\":\"element\"}]},{\"id\":\"$exception\"}]", new[] { "visit-b", "visit-a" })]
    [InlineData("properties", "[{\"key\":\"$browser\",\"value\":\"Safari\",\"operator\":\"exact\",\"type\":\"event\"}]", new[] { "visit-b" })]
    [InlineData("properties", "[{\"key\":\"$os\",\"value\":[\"Windows\",\"Linux\"],\"operator\":\"exact\",\"type\":\"session\"}]", new[] { "visit-a" })]
    [InlineData("properties", "[{\"key\":\"$device_type\",\"value\":\"Mobile\",\"operator\":\"is_not\",\"type\":\"event\"}]", new[] { "visit-c", "visit-a" })]
    [InlineData("properties", "[{\"key\":\"$browser_version\",\"value\":\"100\",\"operator\":\"gt\",\"type\":\"event\"}]", new[] { "visit-a" })]
    [InlineData("properties", "[{\"key\":\"$browser_version\",\"value\":\"100\",\"operator\":\"lt\",\"type\":\"event\"}]", new[] { "visit-b" })]
    [InlineData("properties", "[{\"key\":\"$browser\",\"operator\":\"is_set\",\"type\":\"event\"}]", new[] { "visit-b", "visit-a" })]
    [InlineData("properties", "[{\"key\":\"$current_url\",\"value\":\"/cart\",\"operator\":\"icontains\",\"type\":\"event\"}]", new[] { "visit-b", "visit-a" })]
    [InlineData("properties", "[{\"key\":\"$entry_current_url\",\"value\":\"shop\\\\.test/blog$\",\"operator\":\"regex\",\"type\":\"session\"}]", new[] { "visit-c" })]
    [InlineData("properties", "{\"type\":\"AND\",\"values\":[{\"key\":\"email\",\"value\":\"ALICE\",\"operator\":\"icontains\",\"type\":\"person\"}]}", new[] { "visit-a" })]
    [InlineData("console_log_filters", "[{\"key\":\"level\",\"value\":[\"error\"],\"operator\":\"exact\",\"type\":\"log_entry\"}]", new[] { "visit-b", "visit-a" })]
    [InlineData("console_log_filters", "[{\"key\":\"level\",\"value\":[\"warn\",\"error\"],\"operator\":\"exact\",\"type\":\"log_entry\"},{\"key\":\"message\",\"value\":\"at 99\",\"operator\":\"icontains\",\"type\":\"log_entry\"}]", new[] { "visit-b" })]
    public async Task PostHogs_filters_select_the_matching_recordings(string name, string value, string[] expected)
    {
        var query = $"?{name}={Q(value)}";
        Assert.Equal(expected, await IdsAsync(query));
        Assert.Equal(expected.Length, (await api.GetJsonAsync(api.Base + query)).GetProperty("count").GetInt32());
    }

    /// <summary>
    /// Every parameter of PostHog's RecordingsQuery, with a value that excludes some recordings: the answer is either a
    /// strictly smaller list (applied) or a 400 naming the parameter (refused), never the whole list.
    /// </summary>
    [Theory]
    [InlineData("distinct_ids", "[\"alice\"]")]
    [InlineData("events", "[{\"id\":\"$exception\",\"type\":\"events\"}]")]
    [InlineData("actions", "[{\"id\":1,\"type\":\"actions\"}]")]
    [InlineData("properties", "[{\"key\":\"$browser\",\"value\":\"Safari\",\"operator\":\"exact\",\"type\":\"event\"}]")]
    [InlineData("properties", "[{\"key\":\"$geoip_country_code\",\"value\":\"DE\",\"operator\":\"exact\",\"type\":\"event\"}]")]
    [InlineData("properties", "[{\"key\":\"$screen_width\",\"value\":\"1280\",\"operator\":\"exact\",\"type\":\"event\"}]")]
    [InlineData("properties", "[{\"key\":\"id\",\"value\":1,\"operator\":\"in\",\"type\":\"cohort\"}]")]
    [InlineData("properties", "{\"type\":\"OR\",\"values\":[{\"key\":\"$browser\",\"value\":\"Safari\"}]}")]
    [InlineData("console_log_filters", "[{\"key\":\"level\",\"value\":[\"error\"],\"operator\":\"exact\",\"type\":\"log_entry\"}]")]
    [InlineData("console_log_filters", "[{\"key\":\"message\",\"value\":\"price\",\"operator\":\"icontains\",\"type\":\"log_entry\"}]")]
    [InlineData("filter_test_accounts", "true")]
    [InlineData("having_predicates", "[{\"key\":\"click_count\",\"value\":2,\"operator\":\"gt\",\"type\":\"recording\"}]")]
    [InlineData("operand", "OR")]
    [InlineData("person_uuid", "00000000-0000-0000-0000-000000000000")]
    [InlineData("session_ids", "[\"visit-a\"]")]
    [InlineData("date_from", "-2M")]
    [InlineData("date_to", "-4M")]
    [InlineData("limit", "1")]
    [InlineData("offset", "1")]
    [InlineData("comment_text", "{\"key\":\"comment_text\",\"value\":\"x\",\"operator\":\"icontains\"}")]
    [InlineData("session_recording_id", "visit-a")]
    [InlineData("tags", "[\"a\"]")]
    [InlineData("not_a_parameter", "1")]
    [InlineData("kind", "EventsQuery")]
    public async Task Every_PostHog_list_parameter_is_applied_or_refused_with_a_400_naming_it(string name, string value)
    {
        // operand matters only with two conditions, which PostHog's OR would widen.
        var extra = name == "operand" ? "&events=" + Q("[{\"id\":\"$exception\"}]") + "&distinct_ids=" + Q("[\"alice\"]") : "";
        var response = await api.Reader.GetAsync($"{api.Base}?{name}={Q(value)}{extra}");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal(name, body.GetProperty("attr").GetString());
            Assert.Contains(name, body.GetProperty("detail").GetString());
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("results").GetArrayLength() < All.Length, $"{name}={value} answered the whole list: ignored");
    }

    [Fact]
    public async Task A_message_filter_without_warn_or_error_levels_is_refused_as_info_messages_are_not_kept()
    {
        var body = await RefusedAsync("?console_log_filters=" + Q("[{\"key\":\"message\",\"value\":\"x\",\"operator\":\"icontains\"}]"));
        Assert.Contains("warn and error", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_recording_has_PostHogs_fields_with_times_in_Z_form()
    {
        var raw = await (await api.Reader.GetAsync(api.Base + "/visit-a")).Content.ReadAsStringAsync();
        var r = JsonDocument.Parse(raw).RootElement;
        Assert.EndsWith("Z", r.GetProperty("start_time").GetString());
        Assert.EndsWith("Z", r.GetProperty("end_time").GetString());
        Assert.EndsWith("Z", r.GetProperty("person").GetProperty("created_at").GetString());
        Assert.True(r.GetProperty("ongoing").GetBoolean(), "visit-a's last data is a few minutes old");
        Assert.Equal("web", r.GetProperty("snapshot_library").GetString());
        var retention = api.Api.Environment.Settings.RetentionDays;
        Assert.Equal(retention, r.GetProperty("retention_period_days").GetInt32());
        var end = r.GetProperty("end_time").GetDateTimeOffset();
        var expiry = r.GetProperty("expiry_time").GetDateTimeOffset();
        Assert.InRange(expiry - end, TimeSpan.FromDays(retention), TimeSpan.FromDays(retention) + TimeSpan.FromMinutes(10));
        Assert.Equal(retention, r.GetProperty("recording_ttl").GetInt32());
        double duration = r.GetProperty("recording_duration").GetInt64();
        Assert.True(r.GetProperty("activity_score").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Array, r.GetProperty("viewers").ValueKind);
        Assert.True(duration > 0);
    }

    [Fact]
    public async Task Viewers_names_the_other_admins_who_played_a_recording()
    {
        var other = await api.Api.NewAdminAsync("viewer-of-b@example.com");
        await api.Api.Recordings().Catalog.MarkViewedAsync(api.Api.Environment.Id, "visit-b", other.Id);
        var b = await api.GetJsonAsync(api.Base + "/visit-b");
        Assert.Equal(["viewer-of-b@example.com"], b.GetProperty("viewers").EnumerateArray().Select(v => v.GetString()));
        Assert.False(b.GetProperty("viewed").GetBoolean(), "the key's own admin has not played it");
        var listed = (await api.GetJsonAsync(api.Base + "?session_ids=visit-b")).GetProperty("results")[0];
        Assert.Equal(["viewer-of-b@example.com"], listed.GetProperty("viewers").EnumerateArray().Select(v => v.GetString()));
    }
}

/// <summary>The list's dates: PostHog's default of the last three days, its relative forms and <c>all</c>.</summary>
public sealed class PostHogListDateTests
{
    [Fact]
    public async Task The_list_shows_three_days_by_default_and_all_or_an_older_date_from_shows_older_recordings()
    {
        // The server's clock stands five days back while the first visit is recorded (ingestion corrects the client's
        // times to the server's), then moves to now.
        var clock = new SettableClock(DateTimeOffset.UtcNow.AddDays(-5));
        using var api = await ApiFixture.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await api.Seeder.ShopVisitAsync("five-days-old", startAgoMs: 60_000);
        clock.Now = DateTimeOffset.UtcNow;
        await api.Seeder.ShopVisitAsync("today", startAgoMs: 60_000);
        var reader = await api.ReaderAsync();
        async Task<string[]> Ids(string query)
        {
            var response = await reader.GetAsync(api.Base + query);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{query}: {body}");
            return [.. JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
        }
        Assert.Equal(["today"], await Ids(""));
        Assert.Equal(["today", "five-days-old"], await Ids("?date_from=all"));
        Assert.Equal(["today", "five-days-old"], await Ids("?date_from=-6dStart"));
        Assert.Equal(["today"], await Ids("?date_from=-4dStart"));
        Assert.Equal(["five-days-old"], await Ids("?date_from=-1mStart&date_to=-4dEnd"));
        Assert.Equal(["five-days-old"], await Ids("?session_ids=five-days-old"));
        var old = JsonDocument.Parse(await reader.GetStringAsync(api.Base + "/five-days-old")).RootElement;
        Assert.False(old.GetProperty("ongoing").GetBoolean());
        Assert.Equal(api.Environment.Settings.RetentionDays - 5, old.GetProperty("recording_ttl").GetInt32());
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
