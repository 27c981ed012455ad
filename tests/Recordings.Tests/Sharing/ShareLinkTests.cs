using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments.Contracts;
using Modules.Sharing;
using Recordings.Tests.Api;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.Sharing;

public sealed class ShareLinkTests : IAsyncLifetime
{
    private ApiFixture fixture = null!;
    private int env;
    private RecordingsApp app => fixture.App;

    public async Task InitializeAsync()
    {
        fixture = await ApiFixture.StartAsync();
        env = fixture.Environment.Id;
        foreach (var session in new[] { "rec", "rec-a", "rec-b" }) await fixture.Seeder.ShopVisitAsync(session);
    }

    public Task DisposeAsync()
    {
        fixture.Dispose();
        return Task.CompletedTask;
    }

    private async Task<T> Sharing<T>(Func<ISharingModule, Task<T>> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<ISharingModule>());
    }

    [Fact]
    public async Task Turning_a_link_on_issues_a_long_random_token_once_that_opens_only_that_recording()
    {
        var before = await Sharing(s => s.GetAsync(env, "rec-a"));
        Assert.False(before.Enabled);

        var on = await Sharing(s => s.SetEnabledAsync(env, "rec-a", true, null));
        Assert.True(on.Enabled);
        Assert.NotNull(on.CreatedAt);
        var token = on.AccessToken!;
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 16);

        var shared = await Sharing(s => s.ResolveAsync(token));
        Assert.Equal((env, "rec-a"), (shared!.EnvironmentId, shared.RecordingId));
        Assert.Null((await Sharing(s => s.GetAsync(env, "rec-a"))).AccessToken);
        Assert.NotEqual(token, (await Sharing(s => s.SetEnabledAsync(env, "rec-b", true, null))).AccessToken);
    }

    [Fact]
    public async Task A_disabled_rotated_expired_or_unknown_token_opens_nothing()
    {
        var first = (await Sharing(s => s.SetEnabledAsync(env, "rec", true, null))).AccessToken!;
        var second = (await Sharing(s => s.RotateAsync(env, "rec"))).AccessToken!;
        Assert.Null(await Sharing(s => s.ResolveAsync(first)));
        Assert.NotNull(await Sharing(s => s.ResolveAsync(second)));

        await Sharing(s => s.SetEnabledAsync(env, "rec", false, null));
        Assert.Null(await Sharing(s => s.ResolveAsync(second)));
        var third = (await Sharing(s => s.SetEnabledAsync(env, "rec", true, null))).AccessToken!;
        Assert.Null(await Sharing(s => s.ResolveAsync(second)));
        Assert.NotNull(await Sharing(s => s.ResolveAsync(third)));

        Assert.Null(await Sharing(s => s.ResolveAsync("")));
        Assert.Null(await Sharing(s => s.ResolveAsync(new string('a', 43))));
        Assert.Null(await Sharing(s => s.ResolveAsync(new string('a', 5000))));
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused_and_a_link_past_its_expiry_is_dead()
    {
        await Assert.ThrowsAsync<InvalidInputException>(() => Sharing(s => s.SetEnabledAsync(env, "rec", true, DateTimeOffset.UtcNow.AddMinutes(-1))));
        var token = (await Sharing(s => s.SetEnabledAsync(env, "rec", true, DateTimeOffset.UtcNow.AddHours(1)))).AccessToken!;
        Assert.NotNull(await Sharing(s => s.ResolveAsync(token)));

        // The same data two hours on: the link has expired.
        using var later = new RecordingsApp(app.DataDirectory, services: StorageTestSite.ClockAhead(TimeSpan.FromHours(2)));
        await using var scope = later.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ISharingModule>().ResolveAsync(token));
    }

    [Fact]
    public async Task Rotating_a_link_that_is_off_is_refused()
    {
        await Assert.ThrowsAsync<InvalidInputException>(() => Sharing(s => s.RotateAsync(env, "never-shared")));
    }

    [Fact]
    public async Task The_sharing_database_holds_only_the_token_hash()
    {
        var token = (await Sharing(s => s.SetEnabledAsync(env, "rec", true, null))).AccessToken!;
        SqliteConnection.ClearAllPools();
        var bytes = new List<byte>();
        foreach (var file in Directory.GetFiles(app.DataDirectory, "sharing.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            bytes.AddRange(buffer.ToArray());
        }
        var all = bytes.ToArray();
        Assert.Equal(-1, all.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(token)));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        Assert.NotEqual(-1, all.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(hash)));
    }

    [Fact]
    public async Task A_link_whose_recording_was_deleted_without_sharing_knowing_as_retention_does_opens_nothing_and_is_removed()
    {
        var token = (await Sharing(s => s.SetEnabledAsync(env, "rec", true, null))).AccessToken!;
        Assert.True(await fixture.Recordings().Catalog.DeleteRecordingAsync(env, "rec"));

        Assert.Null(await Sharing(s => s.ResolveAsync(token)));
        Assert.False((await Sharing(s => s.GetAsync(env, "rec"))).Enabled);
        // A later recording that reuses the session id does not inherit the old link.
        await fixture.Seeder.ShopVisitAsync("rec");
        Assert.Null(await Sharing(s => s.ResolveAsync(token)));
    }

    [Fact]
    public async Task A_link_opens_nothing_of_a_later_recording_that_took_its_session_id_before_anyone_opened_it()
    {
        using (var admin = new Dashboard(app)) await admin.SignInAsync(); // until an admin exists, every page leads to set-up
        var token = (await Sharing(s => s.SetEnabledAsync(env, "rec", true, null))).AccessToken!;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.NewClient().GetAsync($"/shared/{token}")).StatusCode);
        Assert.True(await fixture.Recordings().Catalog.DeleteRecordingAsync(env, "rec"));
        await fixture.Seeder.ShopVisitAsync("rec");
        Assert.NotNull(await fixture.Recordings().Catalog.GetRecordingAsync(env, "rec", null));

        Assert.Null(await Sharing(s => s.ListSharedSourcesAsync(token)));
        Assert.Null(await Sharing(s => s.WriteSharedSourceAsync(token, "realtime", null, new MemoryStream(), Modules.Recordings.Contracts.SnapshotEncoding.Lines)));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.NewClient().GetAsync($"/shared/{token}")).StatusCode);
        Assert.Null(await Sharing(s => s.ResolveAsync(token)));
        // The new recording starts unshared, and its own link works.
        Assert.False((await Sharing(s => s.GetAsync(env, "rec"))).Enabled);
        var fresh = (await Sharing(s => s.SetEnabledAsync(env, "rec", true, null))).AccessToken!;
        Assert.NotNull(await Sharing(s => s.ResolveAsync(fresh)));
        Assert.Null(await Sharing(s => s.ResolveAsync(token)));
    }

    private async Task<List<string>> LinkedRecordingsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "sharing.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT RecordingId FROM share_links ORDER BY RecordingId";
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    [Fact]
    public async Task Retention_tells_sharing_so_the_link_of_an_expired_recording_is_gone_before_anyone_opens_it()
    {
        await Sharing(s => s.SetEnabledAsync(env, "rec", true, null));
        await Sharing(s => s.SetEnabledAsync(env, "rec-a", true, null));
        Assert.Equal(["rec", "rec-a"], await LinkedRecordingsAsync());
        // "rec" is older than the environment's retention; the others are not.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "recordings.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE recordings SET StartTimeMs = 1, EndTimeMs = 2, CreatedAtMs = 1 WHERE SessionId = 'rec'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var run = await fixture.Recordings().Storage.RunStorageJobAsync(Modules.Recordings.Contracts.StorageJobIds.Retention);

        Assert.Equal(1, run.Counts["recordings_deleted"]);
        Assert.Equal(["rec-a"], await LinkedRecordingsAsync());
    }

    [Fact]
    public async Task Deleting_a_recording_by_the_api_or_the_dashboard_removes_its_link_in_the_module_itself()
    {
        await Sharing(s => s.SetEnabledAsync(env, "rec", true, null));
        await Sharing(s => s.SetEnabledAsync(env, "rec-b", true, null));
        Assert.True(await fixture.Recordings().Catalog.DeleteRecordingAsync(env, "rec"));
        Assert.Equal(["rec-b"], await LinkedRecordingsAsync());
    }
}
