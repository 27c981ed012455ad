using Modules.Recordings.Contracts;
using Modules.Recordings.Queries;

namespace Modules.Recordings;

internal sealed partial class RecordingsFacade
{
    public Task<IReadOnlyList<DailyRecordingCount>> CountRecordingsPerDayAsync(int environmentId, DateOnly from, DateOnly to, CancellationToken ct) =>
        new RecordingsPerDay(db).CountAsync(environmentId, from, to, ct);
}
