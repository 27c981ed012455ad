using System.Net;
using System.Text.Json;

namespace Recordings.Tests.Api;

[Collection(nameof(SeededApi))]
public sealed class ListTests(SeededApi api)
{
    private async Task<string[]> IdsAsync(string query) =>
        (await api.GetJsonAsync(api.Base + query)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task The_list_shows_replayable_recordings_newest_first_by_default()
    {
        var list = await api.GetJsonAsync(api.Base);
        Assert.Equal(3, list.GetProperty("count").GetInt32());
        Assert.Equal(["visit-c", "visit-b", "visit-a"], await IdsAsync(""));
    }

    [Fact]
    public async Task Behaviour_only_sessions_are_listed_when_asked_for_with_snapshot_source_none_or_all()
    {
        Assert.Equal(["behaviour-only"], await IdsAsync("?snapshot_source=none"));
        var all = await api.GetJsonAsync(api.Base + "?snapshot_source=all");
        Assert.Equal(4, all.GetProperty("count").GetInt32());
        var behaviour = all.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "behaviour-only");
        Assert.Equal("none", behaviour.GetProperty("snapshot_source").GetString());
        Assert.Equal("none", behaviour.GetProperty("storage").GetString());
        Assert.Equal(1, behaviour.GetProperty("click_count").GetInt32());
    }

    [Fact]
    public async Task Pages_link_to_each_other_with_absolute_urls_and_null_at_the_ends()
    {
        var first = await api.GetJsonAsync(api.Base + "?limit=2");
        Assert.Equal(3, first.GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previous").ValueKind);
        var next = first.GetProperty("next").GetString()!;
        Assert.StartsWith(api.Api.App.BaseAddress.ToString().TrimEnd('/'), next);
        var second = await api.GetJsonAsync(next);
        Assert.Equal(["visit-a"], second.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        var back = await api.GetJsonAsync(second.GetProperty("previous").GetString()!);
        Assert.Equal(2, back.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("?order=start_time&order_direction=ASC", new[] { "visit-a", "visit-b", "visit-c" })]
    [InlineData("?order=-console_error_count&limit=2", new[] { "visit-b", "visit-a" })]
    [InlineData("?distinct_id=bob", new[] { "visit-b" })]
    [InlineData("?distinct_id=visit-c", new[] { "visit-c" })]
    [InlineData("?session_ids=visit-a,visit-c", new[] { "visit-a", "visit-c" })]
    [InlineData("?session_ids=[\"visit-b\"]", new[] { "visit-b" })]
    [InlineData("?has_console_errors=false", new[] { "visit-c" })]
    [InlineData("?start_url=/blog", new[] { "visit-c" })]
    [InlineData("?date_from=-2M", new[] { "visit-c" })]
    [InlineData("?date_from=-4M&date_to=-2M", new[] { "visit-b" })]
    [InlineData("?has_console_errors=true", new[] { "visit-b", "visit-a" })]
    [InlineData("?min_duration=15", new[] { "visit-b", "visit-a" })]
    [InlineData("?max_duration=15", new[] { "visit-c" })]
    [InlineData("?viewed=true", new string[0])]
    public async Task Filters_and_orders_select_the_expected_recordings(string query, string[] expected)
    {
        Assert.Equal(expected, await IdsAsync(query));
        if (!query.Contains("limit=", StringComparison.Ordinal))
            Assert.Equal(expected.Length, (await api.GetJsonAsync(api.Base + query)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_person_uuid_from_a_recording_finds_that_persons_recordings()
    {
        var uuid = (await api.GetJsonAsync(api.Base + "/visit-a")).GetProperty("person").GetProperty("uuid").GetString();
        Assert.Equal(["visit-a"], await IdsAsync("?person_uuid=" + uuid));
    }

    [Fact]
    public async Task Equal_values_are_ordered_by_a_stable_tie_break_so_pages_never_repeat_or_skip()
    {
        var all = await IdsAsync("?order=-console_error_count&snapshot_source=all");
        var paged = new List<string>();
        for (var offset = 0; offset < 4; offset++) paged.AddRange(await IdsAsync($"?order=-console_error_count&snapshot_source=all&limit=1&offset={offset}"));
        Assert.Equal(all, paged);
        Assert.Equal(4, paged.Distinct().Count());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?date_from=last+week", "date_from")]
    [InlineData("?date_from=-1d&date_to=-2d", "date_from")]
    [InlineData("?min_duration=abc", "min_duration")]
    [InlineData("?min_duration=-5", "min_duration")]
    [InlineData("?min_duration=10&max_duration=5", "min_duration")]
    [InlineData("?has_console_errors=maybe", "has_console_errors")]
    [InlineData("?order=-clicks", "order")]
    [InlineData("?person_uuid=bob", "person_uuid")]
    [InlineData("?session_ids=[1,2", "session_ids")]
    [InlineData("?snapshot_source=mobile", "snapshot_source")]
    public async Task Bad_values_are_refused_with_400_naming_the_parameter(string query, string attr)
    {
        var response = await api.Reader.GetAsync(api.Base + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await SeededApi.JsonOf(response);
        Assert.Equal("validation_error", error.GetProperty("type").GetString());
        Assert.Equal(attr, error.GetProperty("attr").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task The_limit_is_capped_at_1000()
    {
        var list = await api.GetJsonAsync(api.Base + "?limit=100000");
        Assert.Equal(3, list.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Viewed_is_per_admin_and_a_key_reports_and_filters_by_its_own_admins_views()
    {
        var fixture = await ApiFixture.StartAsync();
        using var _ = fixture;
        await fixture.Seeder.ShopVisitAsync("watched");
        await fixture.Seeder.ShopVisitAsync("unwatched");
        var (a, b) = (await fixture.NewAdminAsync("a@example.com"), await fixture.NewAdminAsync("b@example.com"));
        Assert.True(await fixture.Recordings().Catalog.MarkViewedAsync(fixture.Environment.Id, "watched", a.Id));
        Assert.True(await fixture.Recordings().Catalog.MarkViewedAsync(fixture.Environment.Id, "watched", a.Id));
        Assert.False(await fixture.Recordings().Catalog.MarkViewedAsync(fixture.Environment.Id, "nobody", a.Id));
        var (keyOfA, keyOfB) = (await fixture.ReaderAsync(a.Id), await fixture.ReaderAsync(b.Id));

        async Task<string[]> Ids(HttpClient key, string query) =>
            JsonDocument.Parse(await key.GetStringAsync(fixture.Base + query)).RootElement.GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("id").GetString()!).ToArray();
        async Task<bool> Viewed(HttpClient key, string id) =>
            JsonDocument.Parse(await key.GetStringAsync($"{fixture.Base}/{id}")).RootElement.GetProperty("viewed").GetBoolean();

        Assert.Equal(["watched"], await Ids(keyOfA, "?viewed=true"));
        Assert.Equal(["unwatched"], await Ids(keyOfA, "?viewed=false"));
        Assert.True(await Viewed(keyOfA, "watched"));
        Assert.Empty(await Ids(keyOfB, "?viewed=true"));
        Assert.Equal(["unwatched", "watched"], await Ids(keyOfB, "?viewed=false"));
        Assert.False(await Viewed(keyOfB, "watched"));
        var listedForA = JsonDocument.Parse(await keyOfA.GetStringAsync(fixture.Base)).RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("viewed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["watched"] = true, ["unwatched"] = false }, listedForA);
    }

    [Fact]
    public async Task A_key_of_no_admin_sees_nothing_as_viewed_and_is_told_why_it_cannot_filter_by_viewed()
    {
        var fixture = await ApiFixture.StartAsync();
        using var _ = fixture;
        await fixture.Seeder.ShopVisitAsync("watched");
        var admin = await fixture.NewAdminAsync("a@example.com");
        Assert.True(await fixture.Recordings().Catalog.MarkViewedAsync(fixture.Environment.Id, "watched", admin.Id));
        var nobodys = await fixture.ReaderAsync();

        var recording = JsonDocument.Parse(await nobodys.GetStringAsync(fixture.Base + "/watched")).RootElement;
        Assert.False(recording.GetProperty("viewed").GetBoolean());
        var response = await nobodys.GetAsync(fixture.Base + "?viewed=true");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await SeededApi.JsonOf(response);
        Assert.Equal("viewed", error.GetProperty("attr").GetString());
        Assert.Contains("belongs to no admin", error.GetProperty("detail").GetString());
    }
}
