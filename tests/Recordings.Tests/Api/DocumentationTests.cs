using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Recordings.Tests.Support;

namespace Recordings.Tests.Api;

public sealed partial class DocumentationTests
{
    [Fact]
    public async Task The_openapi_document_describes_every_seed_endpoint_with_its_parameters_and_the_bearer_key()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var response = await http.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths");
        // Each "METHOD\n/api /projects /…" of the seed, with its spaces removed and :params as {params}.
        var seed = await File.ReadAllTextAsync(TestFixtures.Seed("posthog-session-recordings-api.txt"));
        var endpoints = SeedEndpoint().Matches(seed).Select(m => (Method: m.Groups[1].Value.ToLowerInvariant(),
            Path: ColonParameter().Replace(m.Groups[2].Value.Replace(" ", ""), "{$1}"))).ToList();
        Assert.Equal(11, endpoints.Count);
        foreach (var (method, path) in endpoints)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in the document");
            var parameters = operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Contains("project_id", parameters);
            Assert.Contains("Required API key scope", operation.GetProperty("description").GetString());
        }
        var list = paths.GetProperty("/api/projects/{project_id}/session_recordings").GetProperty("get");
        var names = list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "limit", "offset", "date_from", "date_to", "distinct_id", "session_ids", "order", "snapshot_source" }, names.ToHashSet());
        Assert.True(list.GetProperty("responses").TryGetProperty("200", out _));
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("PersonalApiKey").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Query_parameters_bound_as_records_are_documented_from_them_and_a_bad_value_still_gets_posthogs_400()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var doc = JsonDocument.Parse(await http.GetStringAsync("/api/openapi.json")).RootElement.GetProperty("paths");
        foreach (var (path, name) in new[]
        {
            ("error_clusters", "limit"), ("error_clusters", "date_from"), ("matching_events", "session_ids"), ("matching_events", "selector"),
            ("properties", "session_ids"), ("{id}/similar_sessions", "limit"), ("{id}/snapshots", "source"), ("{id}/snapshots", "start_blob_key"),
        })
        {
            var parameter = doc.GetProperty($"/api/projects/{{project_id}}/session_recordings/{path}").GetProperty("get").GetProperty("parameters")
                .EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
            Assert.Equal("query", parameter.GetProperty("in").GetString());
            Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()), $"{path} {name}");
        }

        var fixture = await ApiFixture.StartAsync();
        using var reader = await fixture.ReaderAsync();
        var refused = await reader.GetAsync($"/api/projects/{fixture.Environment.Id}/session_recordings/error_clusters?limit=many");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("limit", error.GetProperty("attr").GetString());
        Assert.Equal("validation_error", error.GetProperty("type").GetString());
        foreach (var (path, attr) in new[] { ("x/similar_sessions?limit=0", "limit"), ("properties", "session_ids"), ("x/snapshots?source=blob_v2&start_blob_key=a&end_blob_key=2", "start_blob_key") })
        {
            var bad = await reader.GetAsync($"/api/projects/{fixture.Environment.Id}/session_recordings/{path}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(attr, JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("attr").GetString());
        }
        fixture.Dispose();
    }

    [Fact]
    public async Task The_api_reference_page_is_served_from_the_binary_and_only_it_allows_inline_scripts()
    {
        using var app = new RecordingsApp();
        using var http = app.NewClient();
        var page = await http.GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("api/openapi.json", await page.Content.ReadAsStringAsync());
        Assert.Contains("'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/reference/scalar.js")).StatusCode);
        var elsewhere = await http.GetAsync("/healthz");
        Assert.DoesNotContain("unsafe-inline", elsewhere.Headers.GetValues("Content-Security-Policy").Single());
    }

    [GeneratedRegex(@"\n(GET|POST|DELETE|PATCH|PUT)\n(/api /projects [^\n]+)")] private static partial Regex SeedEndpoint();
    [GeneratedRegex(@":([a-z_]+)")] private static partial Regex ColonParameter();
}
