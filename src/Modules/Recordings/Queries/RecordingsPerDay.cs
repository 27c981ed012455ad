using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;

namespace Modules.Recordings.Queries;

/// <summary>How many recordings started on each UTC day of a range: one grouped query, for the dashboard's chart.</summary>
internal sealed class RecordingsPerDay(RecordingsDbContext db)
{
    private const long DayMs = 86_400_000;

    public async Task<IReadOnlyList<DailyRecordingCount>> CountAsync(int environmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var fromMs = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var toMs = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var counts = await db.Recordings.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && r.StartTimeMs >= fromMs && r.StartTimeMs < toMs)
            .GroupBy(r => new { Day = r.StartTimeMs / DayMs, Replayable = r.TrackingMode == "playback" })
            .Select(g => new { g.Key.Day, g.Key.Replayable, Count = g.Count() })
            .ToListAsync(ct);
        var days = new List<DailyRecordingCount>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var index = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds() / DayMs;
            days.Add(new DailyRecordingCount(day,
                counts.Where(c => c.Day == index && c.Replayable).Sum(c => c.Count),
                counts.Where(c => c.Day == index && !c.Replayable).Sum(c => c.Count)));
        }
        return days;
    }
}
