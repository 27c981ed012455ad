using Modules.Recordings.Contracts;
using Modules.Recordings.Queries;

namespace Modules.Recordings;

internal sealed partial class RecordingsFacade
{
    public Task<IReadOnlyList<DailyRecordingCount>> CountRecordingsPerDayAsync(int environmentId, DateOnly from, DateOnly to, CancellationToken ct) =>
        new RecordingsPerDay(db).CountAsync(environmentId, from, to, ct);

    private Collections.RecordingCollections Collections => collections;

    public Task<IReadOnlyList<SavedFilter>> ListSavedFiltersAsync(int environmentId, CancellationToken ct) => Collections.ListFiltersAsync(environmentId, ct);
    public Task<SavedFilter> SaveFilterAsync(int environmentId, string name, string query, CancellationToken ct) => Collections.SaveFilterAsync(environmentId, name, query, ct);
    public Task<bool> DeleteSavedFilterAsync(int environmentId, int id, CancellationToken ct) => Collections.DeleteFilterAsync(environmentId, id, ct);
    public Task<IReadOnlyList<RecordingCollection>> ListCollectionsAsync(int environmentId, CancellationToken ct) => Collections.ListCollectionsAsync(environmentId, ct);
    public Task<bool> PinRecordingAsync(int environmentId, string collectionName, string sessionId, CancellationToken ct) =>
        Collections.PinAsync(environmentId, collectionName, sessionId, ct);
}
