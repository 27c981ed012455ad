using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Recordings.Tests.Api;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>
/// Two admins of one server: what one has played is viewed for that admin only, in the dashboard list, its viewed
/// filter, and through the API keys each made on the API keys page.
/// </summary>
public sealed class ViewedPerAdminTests
{
    private const string OtherEmail = "second-admin@example.com";

    [Fact]
    public async Task A_recording_opened_by_one_admin_is_viewed_for_that_admin_and_their_key_and_unviewed_for_the_other()
    {
        using var fixture = await ApiFixture.StartAsync();
        await fixture.Seeder.ShopVisitAsync("seen");
        await fixture.Seeder.ShopVisitAsync("unseen");
        using var a = new Dashboard(fixture.App);
        await a.SignInAsync();
        await fixture.NewAdminAsync(OtherEmail);
        using var b = new Dashboard(fixture.App, OtherEmail);
        await b.SignInAsync();
        var keyOfA = fixture.Client(await NewKeyAsync(a));
        var keyOfB = fixture.Client(await NewKeyAsync(b));
        var list = $"/environments/{fixture.Environment.Id}/recordings";

        // Nobody has played anything yet.
        Assert.Equal(new Dictionary<string, bool> { ["seen"] = false, ["unseen"] = false }, await RowsAsync(a, list));
        var (opened, _) = await a.GetAsync($"{list}/seen");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);

        Assert.Equal(new Dictionary<string, bool> { ["seen"] = true, ["unseen"] = false }, await RowsAsync(a, list));
        Assert.Equal(new Dictionary<string, bool> { ["seen"] = false, ["unseen"] = false }, await RowsAsync(b, list));
        Assert.Equal(["seen"], (await RowsAsync(a, list + "?viewed=yes")).Keys);
        Assert.Equal(["unseen"], (await RowsAsync(a, list + "?viewed=no")).Keys);
        Assert.Empty(await RowsAsync(b, list + "?viewed=yes"));
        Assert.Equal(["seen", "unseen"], (await RowsAsync(b, list + "?viewed=no")).Keys.Order());

        Assert.True(await ApiViewedAsync(keyOfA, fixture.Base + "/seen"));
        Assert.False(await ApiViewedAsync(keyOfB, fixture.Base + "/seen"));
        Assert.Equal(["seen"], await ApiIdsAsync(keyOfA, fixture.Base + "?viewed=true"));
        Assert.Empty(await ApiIdsAsync(keyOfB, fixture.Base + "?viewed=true"));
        Assert.Equal(["seen", "unseen"], (await ApiIdsAsync(keyOfB, fixture.Base + "?viewed=false")).Order());

        // Once B plays it too, it is viewed for both.
        await b.GetAsync($"{list}/seen");
        Assert.True((await RowsAsync(b, list))["seen"]);
        Assert.True(await ApiViewedAsync(keyOfB, fixture.Base + "/seen"));
    }

    [Fact]
    public async Task Deleting_a_recording_deletes_its_views_so_a_later_recording_never_inherits_them()
    {
        using var fixture = await ApiFixture.StartAsync();
        await fixture.Seeder.ShopVisitAsync("first");
        using var a = new Dashboard(fixture.App);
        await a.SignInAsync();
        var list = $"/environments/{fixture.Environment.Id}/recordings";
        var (_, player) = await a.GetAsync($"{list}/first");
        Assert.True((await RowsAsync(a, list))["first"]);

        var (deleted, _) = await a.SubmitAsync(player, "#delete-confirm");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0L, Count(fixture.App.DataDirectory, "SELECT COUNT(*) FROM recording_views"));

        // SQLite gives the next recording the deleted one's row id; it starts unviewed.
        await fixture.Seeder.ShopVisitAsync("second");
        Assert.Equal(new Dictionary<string, bool> { ["second"] = false }, await RowsAsync(a, list));
    }

    [Fact]
    public async Task Viewed_flags_from_before_views_were_per_admin_stay_viewed_for_every_admin_after_the_upgrade()
    {
        var data = TempDirectory.Create("viewed-upgrade");
        int environmentId;
        using (var before = await ApiFixture.StartAsync(dataDirectory: data))
        {
            environmentId = before.Environment.Id;
            await before.Seeder.ShopVisitAsync("flagged");
            await before.Seeder.ShopVisitAsync("plain");
        }
        // The database as the previous version left it: one viewed flag per recording, no views table.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "recordings.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TABLE recording_views;
                ALTER TABLE recordings ADD COLUMN "Viewed" INTEGER NOT NULL DEFAULT 0;
                UPDATE recordings SET "Viewed" = 1 WHERE "SessionId" = 'flagged';
                DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%_RecordingViewsPerAdmin';
                """;
            command.ExecuteNonQuery();
        }

        using var after = new RecordingsApp(data);
        using var a = new Dashboard(after);
        await a.SignInAsync();
        await after.Service(sp => sp.GetRequiredService<IAdminAccounts>()).CreateAdminAsync(OtherEmail, Dashboard.Password);
        using var b = new Dashboard(after, OtherEmail);
        await b.SignInAsync();
        var list = $"/environments/{environmentId}/recordings";
        Assert.Equal(new Dictionary<string, bool> { ["flagged"] = true, ["plain"] = false }, await RowsAsync(a, list));
        Assert.Equal(new Dictionary<string, bool> { ["flagged"] = true, ["plain"] = false }, await RowsAsync(b, list));
        Assert.Equal(0L, Count(data, "SELECT COUNT(*) FROM pragma_table_info('recordings') WHERE name = 'Viewed'"));
    }

    /// <summary>The list's rows for the signed-in admin: session id → shown as viewed.</summary>
    private static async Task<Dictionary<string, bool>> RowsAsync(Dashboard admin, string path)
    {
        var (response, page) = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("tr[data-session]").ToDictionary(r => r.GetAttribute("data-session")!, Viewed);
    }

    private static bool Viewed(IElement row)
    {
        var viewed = row.ClassList.Contains("viewed");
        Assert.Equal(!viewed, row.ClassList.Contains("unviewed"));
        Assert.Equal(!viewed, row.QuerySelector(".badge.new") is not null);
        return viewed;
    }

    /// <summary>A read key made by the signed-in admin on the API keys page.</summary>
    private static async Task<string> NewKeyAsync(Dashboard admin)
    {
        var (_, page) = await admin.GetAsync("/api-keys");
        var (_, created) = await admin.SubmitAsync(page, "main form button[type=submit]", new Dictionary<string, string?> { ["name"] = "mine" },
            check: ["scope-session_recording-read"]);
        return created.QuerySelector("[data-testid=new-key]")!.TextContent.Trim();
    }

    private static async Task<bool> ApiViewedAsync(HttpClient key, string path) =>
        JsonDocument.Parse(await key.GetStringAsync(path)).RootElement.GetProperty("viewed").GetBoolean();

    private static async Task<string[]> ApiIdsAsync(HttpClient key, string path) =>
        JsonDocument.Parse(await key.GetStringAsync(path)).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("id").GetString()!).ToArray();

    private static long Count(string dataDirectory, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "recordings.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
