using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings.Contracts;
using Npgsql;
using Recordings.Tests.Capture;
using Recordings.Tests.Storage;
using Recordings.Tests.Support;

namespace Recordings.Tests.ScaleOut;

/// <summary>The retention job on PostgreSQL: expired recordings go, rows and cold files, checked through the API and the database.</summary>
[Trait("Category", "Postgres")]
public sealed class RetentionOnPostgresTests
{
    [Fact]
    public async Task Retention_on_postgres_deletes_expired_recordings_rows_and_cold_files_and_keeps_pinned_and_recent_ones()
    {
        var database = PostgresServer.NewDatabase();
        var cold = TempDirectory.Create("retention-pg-cold");
        var settings = StorageTestSite.Settings(("Storage:ColdDirectory", cold));
        foreach (var (name, value) in PostgresServer.Settings(database)) settings[name] = value;
        var data = TempDirectory.Create("retention-pg");
        int shortEnv, longEnv;
        string key;
        await using (var app = new RecordingsApp(data, settings))
        {
            var week = await CaptureEnvironment.CreateAsync(app, s => s with { RetentionDays = 7 });
            var year = await CaptureEnvironment.CreateAsync(app, s => s with { RetentionDays = 365 });
            (shortEnv, longEnv) = (week.Id, year.Id);
            foreach (var session in new[] { "due", "kept" }) await StorageTestSite.IngestAsync(app, week, 11, session, maxEvents: 80);
            await StorageTestSite.IngestAsync(app, year, 11, "recent", maxEvents: 80);
            var module = StoredData.Module(app);
            Assert.True((await module.Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Counts["chunks_moved"] > 0);
            await StorageTestSite.IngestAsync(app, week, 10, "due-hot", maxEvents: 40);
            Assert.True(await module.Catalog.PersistRecordingAsync(week.Id, "kept"));
            foreach (var session in new[] { "due", "due-hot", "kept" }) Assert.True(await module.Catalog.MarkViewedAsync(week.Id, session, adminId: 1));
            Assert.Equal(0, (await module.Storage.RunStorageJobAsync(StorageJobIds.Retention)).Counts["recordings_deleted"]);
            key = (await app.Service(sp => sp.GetRequiredService<IApiKeys>()).CreateApiKeyAsync("retention", [ApiScopes.RecordingRead], null)).Key;
        }
        var dueSegments = await ColdPathsAsync(database, "due");
        Assert.NotEmpty(dueSegments);
        Assert.All(dueSegments, p => Assert.True(File.Exists(Path.Combine(cold, p)), p));

        // Eight days later the week-long retention has passed; the year-long one has not.
        await using var later = new RecordingsApp(data, settings, StorageTestSite.ClockAhead(TimeSpan.FromDays(8)));
        var run = await StoredData.Module(later).Storage.RunStorageJobAsync(StorageJobIds.Retention);
        Assert.Equal("succeeded", run.Outcome);
        Assert.Equal(2, run.Counts["recordings_deleted"]);
        Assert.True(run.Counts["files_deleted"] >= dueSegments.Count);

        using var reader = later.NewClient();
        reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        foreach (var gone in new[] { "due", "due-hot" })
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/projects/{shortEnv}/session_recordings/{gone}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/projects/{shortEnv}/session_recordings/kept/snapshots")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/projects/{longEnv}/session_recordings/recent/snapshots")).StatusCode);
        // The generated sessions are dated November 2026, before the list's default range: it reaches back to them.
        var listed = await (await reader.GetAsync($"/api/projects/{shortEnv}/session_recordings?date_from=2000-01-01")).JsonAsync();
        Assert.True(listed.GetProperty("results").GetArrayLength() == 1, listed.ToString());
        Assert.Equal(["kept"], listed.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));

        // The rows of the expired recordings are gone from every table; their files from the shared directory.
        Assert.All(dueSegments, p => Assert.False(File.Exists(Path.Combine(cold, p)), p));
        Assert.Equal(0, await CountAsync(database, """SELECT count(*) FROM recordings.recordings WHERE "SessionId" LIKE 'due%'"""));
        Assert.Equal(0, await CountAsync(database, """SELECT count(*) FROM recordings.ingested_batches WHERE "SessionId" LIKE 'due%'"""));
        Assert.Equal(0, await CountAsync(database, """SELECT count(*) FROM recordings.snapshot_chunks c WHERE NOT EXISTS (SELECT 1 FROM recordings.recordings r WHERE r."Id" = c."RecordingId")"""));
        Assert.Equal(1, await CountAsync(database, """SELECT count(*) FROM recordings.recording_views"""));
        var indexed = (await ColdPathsAsync(database, null)).ToHashSet();
        var onDisk = Directory.EnumerateFiles(cold, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cold, f))
            .Where(f => !Path.GetFileName(f).StartsWith('.')).ToHashSet();
        Assert.Equal(indexed.Order(), onDisk.Order());
        Assert.NotEmpty(indexed);
    }

    /// <summary>The cold segment files of a session (of every session when null), relative to the cold directory.</summary>
    private static async Task<List<string>> ColdPathsAsync(string database, string? session)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c."RelativePath" FROM recordings.cold_segments c JOIN recordings.recordings r ON r."Id" = c."RecordingId"
            WHERE @session IS NULL OR r."SessionId" = @session
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string?>("session", session) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var paths = new List<string>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync()) paths.Add(rows.GetString(0));
        return paths;
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
