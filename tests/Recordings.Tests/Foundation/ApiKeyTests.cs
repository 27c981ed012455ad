using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

public sealed class ApiKeyTests : IDisposable
{
    private readonly RecordingsApp app = new();
    private readonly Dashboard dashboard;

    public ApiKeyTests() => dashboard = new Dashboard(app);

    private async Task<int> CreateEnvironmentAsync(string name)
    {
        var (_, list) = await dashboard.GetAsync("/environments");
        var (created, _) = await dashboard.SubmitAsync(list, "form.row button", new Dictionary<string, string?> { ["name"] = name });
        return int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
    }

    private async Task<string> CreateKeyAsync(string name, string[] scopes, int[] environments)
    {
        var (_, page) = await dashboard.GetAsync("/api-keys");
        var (response, answer) = await dashboard.SubmitAsync(page, "main form button[type=submit]", new Dictionary<string, string?> { ["name"] = name },
            check: scopes.Select(s => "scope-" + s.Replace(':', '-')).Concat(environments.Select(e => $"env-{e}")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return answer.QuerySelector("[data-testid=new-key]")!.TextContent.Trim();
    }

    private HttpClient Api(string? key)
    {
        var client = app.NewClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task A_key_lists_only_the_environments_it_may_see_in_the_paginated_shape()
    {
        await dashboard.SignInAsync();
        var a = await CreateEnvironmentAsync("A");
        var b = await CreateEnvironmentAsync("B");
        var onlyA = await CreateKeyAsync("only A", ["session_recording:read"], [a]);
        var all = await CreateKeyAsync("all", ["session_recording:read"], []);

        var listA = await (await Api(onlyA).GetAsync("/api/projects/")).JsonAsync();
        Assert.Equal(1, listA.GetProperty("count").GetInt32());
        Assert.Equal(a, listA.GetProperty("results")[0].GetProperty("id").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listA.GetProperty("next").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listA.GetProperty("previous").ValueKind);

        var page = await (await Api(all).GetAsync("/api/projects?limit=1&offset=1")).JsonAsync();
        Assert.Equal(2, page.GetProperty("count").GetInt32());
        Assert.Equal(b, page.GetProperty("results")[0].GetProperty("id").GetInt32());
        Assert.StartsWith(app.BaseAddress.ToString().TrimEnd('/') + "/api/projects", page.GetProperty("previous").GetString());
        Assert.DoesNotContain("offset=", page.GetProperty("previous").GetString()); // the first page's link, as PostHog writes it

        var other = await Api(onlyA).GetAsync($"/api/projects/{b}/");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("not_found", (await other.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api(onlyA).GetAsync("/api/projects/99999/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api(onlyA).GetAsync($"/api/projects/{a}/")).StatusCode);
    }

    [Fact]
    public async Task Missing_wrong_and_revoked_keys_get_401_with_a_json_error()
    {
        await dashboard.SignInAsync();
        var key = await CreateKeyAsync("soon revoked", ["session_recording:read"], []);
        Assert.Equal(HttpStatusCode.OK, (await Api(key).GetAsync("/api/projects/")).StatusCode);

        foreach (var bad in new[] { null, "rk_wrong", key + "x" })
        {
            var response = await Api(bad).GetAsync("/api/projects/");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("authentication_error", (await response.JsonAsync()).GetProperty("type").GetString());
        }

        var (_, page) = await dashboard.GetAsync("/api-keys");
        var (revoked, _) = await dashboard.SubmitAsync(page, "button[aria-label^='Revoke']");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var refused = await Api(key).GetAsync("/api/projects/");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", (await refused.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_key_without_the_endpoints_scope_gets_403_and_a_read_key_passes()
    {
        await dashboard.SignInAsync();
        var env = await CreateEnvironmentAsync("Scoped");
        var sharingOnly = await CreateKeyAsync("sharing only", ["sharing_configuration:read"], []);
        var reader = await CreateKeyAsync("reader", ["session_recording:read"], []);
        var path = $"/api/projects/{env}/sessions/no-such-session/events";

        var refused = await Api(sharingOnly).GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = await refused.JsonAsync();
        Assert.Equal("permission_denied", error.GetProperty("code").GetString());
        Assert.Contains("session_recording:read", error.GetProperty("detail").GetString());
        Assert.NotEqual(HttpStatusCode.Forbidden, (await Api(reader).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_database_holds_the_key_hash_and_never_the_key()
    {
        await dashboard.SignInAsync();
        var key = await CreateKeyAsync("stored", ["session_recording:write"], []);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

        await using var db = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "environments.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT Hash, Prefix, Scopes FROM api_keys";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(hash, reader.GetString(0));
        Assert.True(key.StartsWith(reader.GetString(1)) && key.Length > reader.GetString(1).Length + 20);
        Assert.Equal("session_recording:read session_recording:write", reader.GetString(2));

        var bytes = await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "environments.db"));
        var wal = Path.Combine(app.DataDirectory, "environments.db-wal");
        var all = File.Exists(wal) ? bytes.Concat(await ReadSharedAsync(wal)).ToArray() : bytes;
        Assert.Equal(-1, all.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_key_form_with_no_scope_or_an_unknown_environment_stores_nothing()
    {
        await dashboard.SignInAsync();
        var (_, page) = await dashboard.GetAsync("/api-keys");
        var (response, answer) = await dashboard.SubmitAsync(page, "main form button[type=submit]", new Dictionary<string, string?> { ["name"] = "no scope" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least one scope", answer.QuerySelector("[role=alert]")!.TextContent);

        var client = dashboard.Client;
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await client.PostAsync("/api-keys?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["name"] = "ghost env", ["scopes"] = "session_recording:read", ["environmentIds"] = "424242",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var (_, after) = await dashboard.GetAsync("/api-keys");
        Assert.Empty(after.QuerySelectorAll("tr[data-key-id]"));
    }

    public void Dispose()
    {
        dashboard.Dispose();
        app.Dispose();
    }
}
