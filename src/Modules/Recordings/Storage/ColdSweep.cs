using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Data;

namespace Modules.Recordings.Storage;

/// <summary>
/// Removes what a crash can leave in the cold directory: temporary files, and segment files the index does not know
/// (renamed but never committed, or whose recording was deleted before the files were). Runs only under the
/// <see cref="StorageLock"/>, so no writer can be between its rename and its commit.
/// </summary>
internal sealed class ColdSweep(RecordingsDbContext db, CrashPoints crash)
{
    public async Task<int> RunAsync(string coldDirectory, CancellationToken ct)
    {
        if (!Directory.Exists(coldDirectory)) return 0;
        var indexed = await IndexedPathsAsync(ct);
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(coldDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(coldDirectory, file).Replace('\\', '/');
            if (relative == ".lock" || indexed.Contains(relative)) continue;
            File.Delete(file);
            removed++;
            crash.Reached("stray file removed");
        }
        RemoveEmptyDirectories(coldDirectory, coldDirectory);
        return removed;
    }

    // Plain SQL (see PreparedSql): the sweep opens every archive run, where compiling an EF Core query is most of its cost.
    private async Task<HashSet<string>> IndexedPathsAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var query = PreparedSql.Prepare(db.Database.GetDbConnection(), null, """SELECT "RelativePath" FROM "cold_segments" """);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) paths.Add(reader.GetString(0));
        return paths;
    }

    public static void RemoveEmptyDirectories(string root, string directory)
    {
        foreach (var child in Directory.EnumerateDirectories(directory)) RemoveEmptyDirectories(root, child);
        if (directory != root && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
    }
}
