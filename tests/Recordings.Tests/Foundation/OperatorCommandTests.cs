using Recordings.Tests.Support;

namespace Recordings.Tests.Foundation;

public sealed class OperatorCommandTests
{
    [Fact]
    [Trait("Category", "Process")]
    public async Task The_command_line_creates_an_environment_sets_it_up_and_makes_a_key_each_as_one_json_object()
    {
        var data = TempDirectory.Create("cli");
        var admin = await OperatorCli.RunProcessAsync(data, "admin", "create", "--email", "ops@example.com", "--password", "long enough");
        Assert.Equal(0, admin.ExitCode);
        Assert.Equal("ops@example.com", admin.Json.GetProperty("email").GetString());

        var env = await OperatorCli.RunAsync(data, "environment", "create", "--name", "Docs site");
        Assert.Equal(0, env.ExitCode);
        var id = env.Json.GetProperty("id").GetInt32();
        Assert.Equal("Docs site", env.Json.GetProperty("name").GetString());
        Assert.StartsWith("env_", env.Json.GetProperty("token").GetString());

        var set = await OperatorCli.RunAsync(data, "environment", "set", id.ToString(), "--manual-playback", "true", "--playback-quota", "25", "--retention-days", "60");
        Assert.Equal(0, set.ExitCode);
        Assert.True(set.Json.GetProperty("manual_playback").GetBoolean());
        Assert.Equal(25, set.Json.GetProperty("playback_quota").GetInt32());
        Assert.Equal(60, set.Json.GetProperty("retention_days").GetInt32());

        var key = await OperatorCli.RunAsync(data, "apikey", "create", "--name", "ci", "--scopes", "session_recording:write", "--environment", id.ToString());
        Assert.Equal(0, key.ExitCode);
        var secret = key.Json.GetProperty("key").GetString()!;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, key.Json.GetProperty("admin").ValueKind);
        var owned = await OperatorCli.RunAsync(data, "apikey", "create", "--name", "ops", "--scopes", "session_recording:read", "--admin", "OPS@example.com");
        Assert.Equal(0, owned.ExitCode);
        Assert.Equal("ops@example.com", owned.Json.GetProperty("admin").GetString());

        // The server started on the same data directory sees all of it.
        using var app = new RecordingsApp(data);
        using var client = app.NewClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        var projects = await (await client.GetAsync("/api/projects/")).JsonAsync();
        Assert.Equal("Docs site", projects.GetProperty("results")[0].GetProperty("name").GetString());
        using var dashboard = new Dashboard(app);
        var (_, signIn) = await dashboard.FollowAsync("/environments");
        Assert.Equal("/account/sign-in", new Uri(signIn.Url).AbsolutePath);
    }

    [Theory]
    [InlineData(2, "environment", "create", "--name", "")]
    [InlineData(2, "environment", "create", "--name", "   ")]
    [InlineData(2, "environment", "create")]
    [InlineData(2, "environment", "create", "--name", "ok", "--colour", "red")]
    [InlineData(3, "environment", "set", "999", "--playback-quota", "5")]
    [InlineData(2, "environment", "set", "1", "--playback-quota", "-1")]
    [InlineData(2, "environment", "set", "1", "--retention-days", "0")]
    [InlineData(2, "environment", "set", "1", "--manual-playback", "maybe")]
    [InlineData(2, "environment", "set", "abc")]
    [InlineData(2, "apikey", "create", "--name", "k", "--scopes", "everything")]
    [InlineData(2, "apikey", "create", "--name", "k", "--scopes", "session_recording:read", "--environment", "777")]
    [InlineData(2, "apikey", "create", "--name", "k", "--scopes", "session_recording:read", "--admin", "nobody@example.com")]
    [InlineData(2, "admin", "create", "--email", "not-an-email", "--password", "long enough")]
    [InlineData(2, "admin", "create", "--email", "a@example.com", "--password", "short")]
    [InlineData(2, "environment", "explode")]
    [InlineData(2, "environment", "create", "--name", "a", "--name", "b")]
    [InlineData(2, "environment", "set", "1", "--mask-all-inputs", "maybe")]
    [InlineData(2, "jobs", "run", "defragment")]
    [InlineData(2, "backup")]
    public async Task Bad_commands_exit_non_zero_with_a_clear_message_and_change_nothing(int exitCode, params string[] args)
    {
        var data = TempDirectory.Create("cli-bad");
        var seed = await OperatorCli.RunAsync(data, "environment", "create", "--name", "Existing");
        Assert.Equal(0, seed.ExitCode);

        var result = await OperatorCli.RunAsync(data, args);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Json.GetProperty("error").GetString()));
        Assert.StartsWith("error: ", result.Stderr);
        var list = await OperatorCli.RunAsync(data, "environment", "list");
        var envs = list.Json.GetProperty("environments");
        Assert.Equal(1, envs.GetArrayLength());
        Assert.Equal("Existing", envs[0].GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, envs[0].GetProperty("playback_quota").ValueKind);
        Assert.Equal(30, envs[0].GetProperty("retention_days").GetInt32());
        Assert.False(envs[0].GetProperty("manual_playback").GetBoolean());
    }

    [Theory]
    [InlineData("admin create", "--email", "--password")]
    [InlineData("admin set-password", "--email", "--password")]
    [InlineData("admin remove", "--email")]
    [InlineData("environment create", "--name")]
    [InlineData("environment set", "--manual-playback", "--playback-quota", "--retention-days", "--recording-enabled", "--mask-all-inputs", "--allowed-origins")]
    [InlineData("environment list")]
    [InlineData("apikey create", "--name", "--scopes", "--environment", "--admin")]
    [InlineData("jobs run", "archive-snapshots", "retention")]
    [InlineData("backup", "--to")]
    public async Task Every_verb_answers_help_with_its_options_and_changes_nothing(string verb, params string[] mentioned)
    {
        var data = TempDirectory.Create("cli-help");

        var help = await OperatorCli.RunAsync(data, [.. verb.Split(' '), "--help"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains($"Usage:", help.Stdout);
        Assert.Contains(verb, help.Stdout);
        foreach (var option in mentioned) Assert.Contains(option, help.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
    }

    [Fact]
    public async Task Help_alone_lists_every_noun()
    {
        var data = TempDirectory.Create("cli-help");
        foreach (var args in new[] { new[] { "--help" }, ["help"] })
        {
            var help = await OperatorCli.RunAsync(data, args);
            Assert.Equal(0, help.ExitCode);
            foreach (var noun in new[] { "admin", "environment", "apikey", "jobs", "backup" }) Assert.Contains(noun, help.Stdout);
        }
    }
}
