using Microsoft.EntityFrameworkCore;
using Modules.Environments.Contracts;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Queries;

namespace Modules.Recordings.Collections;

/// <summary>
/// Saved filters and collections of pinned recordings, per environment. Pinning keeps the recording beyond retention
/// (it is persisted), so a collection never loses a recording to the retention job.
/// </summary>
internal sealed class RecordingCollections(RecordingsDbContext db, RecordingCatalog catalog, TimeProvider clock) : IRecordingCollections
{
    public const int NameLength = 100;
    public const int QueryLength = 4000;

    public async Task<IReadOnlyList<SavedFilter>> ListSavedFiltersAsync(int environmentId, CancellationToken ct) =>
        await db.SavedFilters.AsNoTracking().Where(f => f.EnvironmentId == environmentId).OrderBy(f => f.Name)
            .Select(f => new SavedFilter(f.Id, f.Name, f.Query)).ToListAsync(ct);

    /// <summary>Saves the query under the name; the same name again replaces what it held.</summary>
    public async Task<SavedFilter> SaveFilterAsync(int environmentId, string name, string query, CancellationToken ct)
    {
        name = ValidName(name);
        if (query.Length > QueryLength) throw new InvalidInputException("query", $"The filters are longer than {QueryLength} characters.");
        var row = await db.SavedFilters.FirstOrDefaultAsync(f => f.EnvironmentId == environmentId && f.Name == name, ct);
        if (row is null) db.SavedFilters.Add(row = new SavedFilterRow { EnvironmentId = environmentId, Name = name, CreatedAtMs = Now });
        row.Query = query;
        await db.SaveChangesAsync(ct);
        return new SavedFilter(row.Id, row.Name, row.Query);
    }

    public async Task<bool> DeleteSavedFilterAsync(int environmentId, int id, CancellationToken ct) =>
        await db.SavedFilters.Where(f => f.EnvironmentId == environmentId && f.Id == id).ExecuteDeleteAsync(ct) > 0;

    public async Task<IReadOnlyList<RecordingCollection>> ListCollectionsAsync(int environmentId, CancellationToken ct)
    {
        var collections = await db.Collections.AsNoTracking().Where(c => c.EnvironmentId == environmentId).OrderBy(c => c.Name).ToListAsync(ct);
        var ids = collections.Select(c => c.Id).ToList();
        var items = await (from i in db.CollectionItems.AsNoTracking()
                           join r in db.Recordings.AsNoTracking() on i.RecordingId equals r.Id
                           where ids.Contains(i.CollectionId)
                           orderby i.AddedAtMs
                           select new { i.CollectionId, r.SessionId }).ToListAsync(ct);
        return collections.Select(c => new RecordingCollection(c.Id, c.Name,
            items.Where(i => i.CollectionId == c.Id).Select(i => i.SessionId).ToList())).ToList();
    }

    /// <summary>Pins the recording into the named collection (made if new) and keeps it beyond retention; false when there is no such recording.</summary>
    public async Task<bool> PinRecordingAsync(int environmentId, string collectionName, string sessionId, CancellationToken ct)
    {
        collectionName = ValidName(collectionName);
        var recordingId = await db.Recordings.AsNoTracking().Where(r => r.EnvironmentId == environmentId && r.SessionId == sessionId)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (recordingId is null) return false;
        var collection = await db.Collections.FirstOrDefaultAsync(c => c.EnvironmentId == environmentId && c.Name == collectionName, ct);
        if (collection is null)
        {
            db.Collections.Add(collection = new CollectionRow { EnvironmentId = environmentId, Name = collectionName, CreatedAtMs = Now });
            await db.SaveChangesAsync(ct);
        }
        if (!await db.CollectionItems.AnyAsync(i => i.CollectionId == collection.Id && i.RecordingId == recordingId, ct))
        {
            db.CollectionItems.Add(new CollectionItemRow { CollectionId = collection.Id, RecordingId = recordingId.Value, AddedAtMs = Now });
            await db.SaveChangesAsync(ct);
        }
        return await catalog.PersistRecordingAsync(environmentId, sessionId, ct);
    }

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static string ValidName(string? name)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > NameLength) throw new InvalidInputException("name", $"A name of 1 to {NameLength} characters is required.");
        return name;
    }
}
