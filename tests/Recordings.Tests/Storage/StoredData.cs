using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Modules.Recordings;
using Modules.Recordings.Contracts;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>What the server stored, read back through the module's public reader or, for invariants, straight from the files.</summary>
public static class StoredData
{
    public static RecordingsRoles Module(RecordingsApp app) => RecordingsRoles.Of(app);

    /// <summary>Every source of the recording, in the listed order, as one JSONL text.</summary>
    public static async Task<string> AllSnapshotsAsync(RecordingsRoles module, int environmentId, string sessionId)
    {
        var sources = await module.Snapshots.ListSnapshotSourcesAsync(environmentId, sessionId) ?? throw new InvalidOperationException($"No recording {sessionId}");
        using var all = new MemoryStream();
        foreach (var source in sources)
        {
            var result = await module.Snapshots.WriteSnapshotSourceAsync(environmentId, sessionId, source.Source, source.BlobKey, all, SnapshotEncoding.Lines);
            Assert.True(result.Status == SnapshotReadStatus.Found, $"{source.Source} {source.BlobKey}: {result.Status} {result.Message}");
        }
        return System.Text.Encoding.UTF8.GetString(all.ToArray());
    }

    public static SqliteConnection Open(string dataDirectory, string file = "recordings.db")
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, file)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public static List<T> Query<T>(string dataDirectory, string sql, Func<SqliteDataReader, T> row)
    {
        using var connection = Open(dataDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
    }

    /// <summary><c>PRAGMA integrity_check</c> of every database: "ok" each.</summary>
    public static void AssertIntact(string dataDirectory)
    {
        foreach (var file in new[] { "environments.db", "recordings.db", "sharing.db" })
        {
            using var connection = Open(dataDirectory, file);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", command.ExecuteScalar() as string);
        }
    }

    /// <summary>Files in the cold directory the index does not list (the lock file aside), and indexed files that are missing.</summary>
    public static (List<string> Stray, List<string> Missing) ColdFilesAgainstIndex(string dataDirectory)
    {
        var cold = Path.Combine(dataDirectory, "cold");
        var indexed = Query(dataDirectory, "SELECT RelativePath FROM cold_segments", r => r.GetString(0)).ToHashSet();
        var onDisk = Directory.Exists(cold)
            ? Directory.EnumerateFiles(cold, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cold, f)).Where(f => f != ".lock").ToHashSet()
            : [];
        return (onDisk.Except(indexed).Order().ToList(), indexed.Except(onDisk).Order().ToList());
    }

    /// <summary>A recording's segment files (id, full path), in the order written: listed as <c>blob_v2</c> 0, 1, ….</summary>
    public static List<(long Id, string Path)> SegmentFiles(string dataDirectory, string sessionId) =>
        Query(dataDirectory, "SELECT c.Id, c.RelativePath FROM cold_segments c JOIN recordings r ON r.Id = c.RecordingId " +
            $"WHERE r.SessionId = '{sessionId.Replace("'", "''")}' ORDER BY c.Id",
            r => (r.GetInt64(0), System.IO.Path.Combine(dataDirectory, "cold", r.GetString(1))));
}
