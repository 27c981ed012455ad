using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modules.Environments;
using Modules.Environments.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Api;

/// <summary>The forms PostHog's clients also use: ?personal_api_key=, /api/projects/@current/ and /api/environments/:id/.</summary>
public sealed class ApiAliasTests
{
    [Fact]
    public async Task A_key_sent_as_the_personal_api_key_query_parameter_is_accepted_and_not_repeated_in_links()
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("one");
        await api.Seeder.ShopVisitAsync("two");
        var key = await api.App.Service(sp => sp.GetRequiredService<IApiKeys>()).CreateApiKeyAsync("query", [ApiScopes.RecordingRead], null, null);
        using var http = api.App.NewClient();

        var response = await http.GetAsync($"{api.Base}?limit=1&personal_api_key={Uri.EscapeDataString(key.Key)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Single(JsonDocument.Parse(page).RootElement.GetProperty("results").EnumerateArray());
        Assert.Contains("offset=1", JsonDocument.Parse(page).RootElement.GetProperty("next").GetString());
        Assert.DoesNotContain(key.Key, page);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{api.Base}/one?personal_api_key={Uri.EscapeDataString(key.Key)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"{api.Base}?personal_api_key=rk_not_a_key")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(api.Base)).StatusCode);
        var scheme = (await SeededApi.JsonOf(await http.GetAsync("/api/openapi.json")))
            .GetProperty("components").GetProperty("securitySchemes").GetProperty("PersonalApiKeyQuery");
        Assert.Equal(("apiKey", "query", "personal_api_key"),
            (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_key_sent_in_the_query_never_reaches_a_log_line_even_with_the_hosts_request_logging_on()
    {
        var log = new EverythingLog();
        using var app = new RecordingsApp(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        }, services: s => s.AddSingleton<ILoggerProvider>(log));
        var environment = await CaptureEnvironment.CreateAsync(app);
        var key = await app.Service(sp => sp.GetRequiredService<IApiKeys>()).CreateApiKeyAsync("logged?", [ApiScopes.RecordingRead], null, null);
        using var http = app.NewClient();

        var found = await http.GetAsync($"/api/projects/{environment.Id}/session_recordings/?date_from=-7d&personal_api_key={Uri.EscapeDataString(key.Key)}");
        var missing = await http.GetAsync($"/api/projects/{environment.Id}/session_recordings/nobody?personal_api_key={Uri.EscapeDataString(key.Key)}");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The request was logged (routing's lines name the endpoint), just never with the key.
        Assert.Contains(log.Lines, l => l.Contains("session_recordings", StringComparison.Ordinal));
        var secret = key.Key[(key.Key.Length / 2)..];
        Assert.DoesNotContain(log.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Current_is_the_keys_only_environment_and_400_for_a_key_that_sees_several()
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("visit");
        var other = await api.NewEnvironmentAsync();
        var single = await api.ClientAsync([ApiScopes.RecordingRead], [api.Environment.Id]);
        var project = await SeededApi.JsonOf(await single.GetAsync("/api/projects/@current/"));
        Assert.Equal(api.Environment.Id, project.GetProperty("id").GetInt32());
        var recording = await single.GetAsync("/api/projects/@current/session_recordings/visit");
        Assert.Equal(HttpStatusCode.OK, recording.StatusCode);
        Assert.Equal("visit", (await SeededApi.JsonOf(recording)).GetProperty("id").GetString());

        var several = await api.ClientAsync([ApiScopes.RecordingRead], [api.Environment.Id, other.Id]);
        var refused = await several.GetAsync("/api/projects/@current/session_recordings/");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await SeededApi.JsonOf(refused);
        Assert.Equal("project_id", error.GetProperty("attr").GetString());
        Assert.Contains("@current", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Environments_paths_answer_as_the_projects_paths_for_reads_writes_and_sharing()
    {
        using var api = await ApiFixture.StartAsync();
        await api.Seeder.ShopVisitAsync("visit");
        await api.Seeder.ShopVisitAsync("doomed");
        var other = await api.NewEnvironmentAsync();
        var admin = await api.ClientAsync([.. ApiScopes.All], [api.Environment.Id]);
        var projects = $"/api/projects/{api.Environment.Id}";
        var environments = $"/api/environments/{api.Environment.Id}";

        Assert.Equal(await admin.GetStringAsync(projects + "/session_recordings/?order=start_time"),
            await admin.GetStringAsync(environments + "/session_recordings/?order=start_time"));
        Assert.Equal(api.Environment.Id, (await SeededApi.JsonOf(await admin.GetAsync(environments + "/"))).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(environments + "/session_recordings/visit/snapshots")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/environments/@current/session_recordings/visit")).StatusCode);
        var shared = await admin.PatchAsJsonAsync(environments + "/session_recordings/visit/sharing", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.True((await SeededApi.JsonOf(await admin.GetAsync(projects + "/session_recordings/visit/sharing"))).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(environments + "/session_recordings/doomed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(projects + "/session_recordings/doomed")).StatusCode);
        // The key's limits hold under either prefix.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/environments/{other.Id}/session_recordings/")).StatusCode);
    }

    /// <summary>Every log entry, formatted, with its named values, at every level.</summary>
    private sealed class EverythingLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> lines = new();
        public IReadOnlyCollection<string> Lines => lines;
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
