using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recordings.Tests.Api;

[Collection(nameof(SeededApi))]
public sealed class ContractTests(SeededApi api)
{
    [Fact]
    public void The_seed_file_holds_the_examples_the_contract_is_checked_against()
    {
        Assert.Equal(JsonValueKind.Array, SeedExamples.List.GetProperty("results").ValueKind);
        Assert.True(SeedExamples.Recording.TryGetProperty("person", out _));
        Assert.True(SeedExamples.Sharing.TryGetProperty("enabled", out _));
    }

    [Fact]
    public async Task The_list_carries_every_key_of_the_seed_example_with_the_same_json_type()
    {
        // The middle page, so that next and previous are both links as in the example.
        var list = await api.GetJsonAsync(api.Base + "/?limit=1&offset=1");
        SeedExamples.AssertSameShape(SeedExamples.List, list);
        var example = SeedExamples.List.GetProperty("results")[0];
        Assert.NotEqual(0, list.GetProperty("results").GetArrayLength());
        foreach (var r in list.GetProperty("results").EnumerateArray()) SeedExamples.AssertSameShape(example, r);
    }

    [Fact]
    public async Task A_recording_carries_every_seed_field_computed_from_its_events()
    {
        var r = await api.GetJsonAsync(api.Base + "/visit-a");
        SeedExamples.AssertSameShape(SeedExamples.Recording, r);
        Assert.Equal("visit-a", r.GetProperty("id").GetString());
        Assert.Equal("alice", r.GetProperty("distinct_id").GetString());
        Assert.Equal(4, r.GetProperty("click_count").GetInt32());
        Assert.Equal(3, r.GetProperty("mouse_activity_count").GetInt32());
        Assert.Equal("https://shop.test/", r.GetProperty("start_url").GetString());
        Assert.Equal("hot", r.GetProperty("storage").GetString());
        Assert.Equal("web", r.GetProperty("snapshot_source").GetString());
        Assert.Equal(r.GetProperty("recording_duration").GetInt64(), r.GetProperty("active_seconds").GetInt64() + r.GetProperty("inactive_seconds").GetInt64());
        Assert.True(r.GetProperty("recording_duration").GetInt64() >= 20, "three pages ten seconds apart");
        var person = r.GetProperty("person");
        Assert.Equal("alice@example.com", person.GetProperty("name").GetString());
        Assert.Equal("pro", person.GetProperty("properties").GetProperty("plan").GetString());
        Assert.Equal(["alice"], person.GetProperty("distinct_ids").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task Persist_answers_the_recording_with_every_seed_field_and_keeps_it()
    {
        var response = await api.Admin.PostAsync(api.Base + "/visit-c/persist", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var r = await SeededApi.JsonOf(response);
        SeedExamples.AssertSameShape(SeedExamples.Recording, r);
        Assert.True(r.GetProperty("persisted").GetBoolean());
        var persisted = await api.GetJsonAsync(api.Base + "?persisted=true");
        Assert.Equal(["visit-c"], persisted.GetProperty("results").EnumerateArray().Select(x => x.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Similar_sessions_carry_every_recording_field_and_a_score_best_first()
    {
        var similar = (await api.GetJsonAsync(api.Base + "/visit-a/similar_sessions")).GetProperty("results");
        // Behaviour-only sessions are compared too: they carry snapshot_source "none".
        Assert.Equal(3, similar.GetArrayLength());
        foreach (var s in similar.EnumerateArray()) SeedExamples.AssertSameShape(SeedExamples.Recording, s);
        // visit-b went through the same three pages; visit-c read the blog.
        Assert.Equal("visit-b", similar[0].GetProperty("id").GetString());
        Assert.Equal(1.0, similar[0].GetProperty("path_similarity").GetDouble());
        var scores = similar.EnumerateArray().Select(x => x.GetProperty("similarity_score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.True(scores[0] > scores[1]);
    }

    [Fact]
    public async Task Sharing_answers_the_seed_shape_and_turning_it_on_issues_a_token_once()
    {
        var before = await api.GetJsonAsync(api.Base + "/visit-b/sharing");
        Assert.False(before.GetProperty("enabled").GetBoolean());
        var on = await api.Admin.PatchAsJsonAsync(api.Base + "/visit-b/sharing", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var body = await SeededApi.JsonOf(on);
        SeedExamples.AssertSameShape(SeedExamples.Sharing, body);
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
        var after = await api.GetJsonAsync(api.Base + "/visit-b/sharing");
        Assert.True(after.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("access_token").ValueKind);
        var off = await SeededApi.JsonOf(await api.Admin.PatchAsJsonAsync(api.Base + "/visit-b/sharing", new { enabled = false }));
        Assert.False(off.GetProperty("enabled").GetBoolean());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"enabled\":\"yes\"}")]
    [InlineData("not json")]
    [InlineData("{\"enabled\":true,\"expires_at\":\"2000-01-01T00:00:00Z\"}")]
    public async Task A_sharing_change_without_a_usable_enabled_flag_is_refused_with_400(string body)
    {
        var response = await api.Admin.PatchAsync(api.Base + "/visit-b/sharing", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_error", (await SeededApi.JsonOf(response)).GetProperty("type").GetString());
    }
}
