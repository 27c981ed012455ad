using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recordings.Tests.Capture;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.Operating;

[Trait("Category", "Process")]
public sealed class SecretsInLogsTests
{
    private const string Content = "MARK-recorded-content-5d1e";
    private const string Input = "MARK-input-value-93ab";
    private const string Password = "MARK-password-c7f2 long enough";
    private const string WrongPassword = "MARK-wrong-password-0b44";
    private const string ScrapeKey = "MARK-scrape-key-71aa";

    [Fact]
    public async Task No_recorded_content_input_value_token_key_or_password_reaches_the_log_output()
    {
        var data = TempDirectory.Create("secrets");
        var env = (await OperatorCli.RunProcessAsync(data, "environment", "create", "--name", "Secrets")).Json;
        var token = env.GetProperty("token").GetString()!;
        var envId = env.GetProperty("id").GetInt32();
        var key = (await OperatorCli.RunProcessAsync(data, "apikey", "create", "--name", "logs", "--scopes",
            "session_recording:write,sharing_configuration:write")).Json.GetProperty("key").GetString()!;
        await using var server = await ServerProcess.StartAsync(data, "--Logging:Console:FormatterName", "structured",
            "--Logging:LogLevel:Default", "Debug", "--Metrics:Enabled", "true", "--Metrics:ScrapeKey", ScrapeKey);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.Address };

        // Ingestion: recorded content and an input value in rrweb data, behaviour events and identify properties.
        var ingest = new IngestClient(http, token);
        Assert.Equal(HttpStatusCode.OK, (await ingest.BeginAsync("secret-session")).StatusCode);
        var batch = ingest.Batch("secret-session", 1);
        var now = IngestClient.Now;
        batch["snapshots"]!.AsArray().Add(new JsonObject
        {
            ["type"] = 2, ["timestamp"] = now - 15, ["data"] = new JsonObject
            {
                ["node"] = new JsonObject { ["type"] = 0, ["id"] = 1, ["childNodes"] = new JsonArray(new JsonObject { ["type"] = 3, ["id"] = 2, ["textContent"] = Content }) },
                ["initialOffset"] = new JsonObject { ["left"] = 0, ["top"] = 0 },
            },
        });
        batch["snapshots"]!.AsArray().Add(new JsonObject { ["type"] = 3, ["timestamp"] = now - 4, ["data"] = new JsonObject { ["source"] = 5, ["id"] = 2, ["text"] = Input, ["isChecked"] = false } });
        batch["events"]!.AsArray().Add(new JsonObject { ["type"] = "custom", ["timestamp"] = now - 3, ["name"] = "checkout", ["properties"] = new JsonObject { ["card"] = Input } });
        batch["events"]!.AsArray().Add(new JsonObject { ["type"] = "identify", ["timestamp"] = now - 2, ["distinct_id"] = "person-1", ["properties"] = new JsonObject { ["email"] = Input } });
        Assert.Equal(HttpStatusCode.OK, (await ingest.SendAsync(batch)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ingest.SendAsync(ingest.Batch("secret-session", 2), gzip: true)).StatusCode);
        // Refused requests that carry the secrets: bad JSON, an unknown token, a wrong token's batch.
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/ingest/batch", new StringContent($"{{\"token\":\"{token}\",\"x\":\"{Input}\"")) ).StatusCode);
        var foreign = ingest.Batch("secret-session", 3);
        foreign["token"] = "env_" + Input;
        Assert.NotEqual(HttpStatusCode.OK, (await ingest.SendAsync(foreign)).StatusCode);

        // Every API endpoint with the key, some with input values in their filters.
        var api = new HttpClient { BaseAddress = server.Address };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var base_ = $"/api/projects/{envId}/session_recordings";
        string? shareToken = null;
        foreach (var (method, path, body) in new (string, string, string?)[]
        {
            ("GET", "/api/projects/", null), ("GET", $"/api/projects/{envId}/", null),
            ("GET", $"{base_}?distinct_id={Input}&start_url={Input}", null), ("GET", $"{base_}?min_duration={Input}", null),
            ("GET", $"{base_}/secret-session", null), ("GET", $"{base_}/secret-session/snapshots", null),
            ("GET", $"{base_}/secret-session/snapshots?source=realtime", null), ("POST", $"{base_}/secret-session/summarize", null),
            ("GET", $"{base_}/secret-session/similar_sessions", null), ("GET", $"{base_}/error_clusters", null),
            ("GET", $"{base_}/matching_events?session_ids=secret-session&text={Input}", null), ("GET", $"{base_}/properties?session_ids=secret-session", null),
            ("GET", $"/api/projects/{envId}/sessions/secret-session/events", null), ("GET", $"{base_}/secret-session/sharing", null),
            ("PATCH", $"{base_}/secret-session/sharing", "{\"enabled\": true}"), ("POST", $"{base_}/secret-session/persist", null),
            ("PATCH", $"{base_}/secret-session/sharing", $"{{\"enabled\": \"{Input}\"}}"),
        })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await api.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{method} {path}: {response.StatusCode}");
            if (method == "PATCH" && response.IsSuccessStatusCode && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString() is { } t)
                shareToken = t;
        }
        Assert.NotNull(shareToken);
        using (var wrongKey = new HttpClient { BaseAddress = server.Address })
        {
            wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rk_" + Input);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync(base_)).StatusCode);
        }

        // The dashboard (set-up with the password, a wrong sign-in), the public link, the scrape endpoint.
        using (var dashboard = new Dashboard(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.Address }, password: Password))
        {
            await dashboard.SignInAsync();
            foreach (var page in new[] { "/environments", $"/environments/{envId}", $"/environments/{envId}/recordings?distinct={Input}",
                         $"/environments/{envId}/recordings/secret-session", "/storage", "/profiling", "/api-keys" })
                Assert.Equal(HttpStatusCode.OK, (await dashboard.Client.GetAsync(page)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/shared/{shareToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/shared/{shareToken}/snapshots")).StatusCode);
        using (var wrong = new Dashboard(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.Address }, password: WrongPassword))
            await Assert.ThrowsAsync<InvalidOperationException>(wrong.SignInAsync);
        using (var scrape = new HttpClient { BaseAddress = server.Address })
        {
            scrape.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeKey);
            Assert.Equal(HttpStatusCode.OK, (await scrape.GetAsync("/metrics")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"{base_}/secret-session")).StatusCode);

        // The lines are there and structured: the list request's line names its request, route and environment.
        await Eventually.TrueAsync(() => Task.FromResult(server.Output.Any(l => l.Contains("\"route\":\"/api/projects/{project_id}/sessions/{session_id}/events\""))),
            "the request lines were written");
        var lines = server.Output.ToList();
        var line = JsonDocument.Parse(lines.First(l => l.Contains("\"route\":\"/api/projects/{project_id}/sessions/{session_id}/events\""))).RootElement;
        Assert.Equal(envId, line.GetProperty("environment_id").GetInt32());
        Assert.False(string.IsNullOrEmpty(line.GetProperty("request_id").GetString()));
        foreach (var secret in new[] { Content, Input, Password, WrongPassword, ScrapeKey, token, key, shareToken!, key[3..], token[4..] })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }
}
