using Microsoft.EntityFrameworkCore;
using Modules.Recordings.Contracts;
using Modules.Recordings.Data;
using Modules.Recordings.Metadata;
using Modules.Recordings.Queries;

namespace Modules.Recordings.Similarity;

/// <summary>
/// Ranks the environment's other recordings by similarity to one: score = 0.6 × path similarity + 0.4 × event-mix
/// similarity (see <see cref="SessionShape"/>), ties broken by the newer recording. Only the most recent
/// <see cref="Candidates"/> recordings are compared, so the cost does not grow with the environment's history.
/// </summary>
internal sealed class SimilarSessions(RecordingsDbContext db)
{
    public const int Candidates = 500;
    public const double PathWeight = 0.6;
    public const double MixWeight = 0.4;

    public async Task<IReadOnlyList<SimilarRecording>?> FindAsync(int environmentId, string sessionId, int limit, int? viewerAdminId, CancellationToken ct)
    {
        var target = await db.Recordings.AsNoTracking().FirstOrDefaultAsync(r => r.EnvironmentId == environmentId && r.SessionId == sessionId, ct);
        if (target is null) return null;
        var candidates = await db.Recordings.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && r.Id != target.Id)
            .OrderByDescending(r => r.StartTimeMs).ThenByDescending(r => r.Id).Take(Candidates).ToListAsync(ct);
        var shapes = await ShapesAsync([target, .. candidates], ct);
        var mine = shapes[target.Id];
        var ranked = candidates
            .Select(c => (Row: c, Path: mine.PathSimilarity(shapes[c.Id]), Mix: mine.MixSimilarity(shapes[c.Id])))
            .Select(x => (x.Row, x.Path, x.Mix, Score: Math.Round(PathWeight * x.Path + MixWeight * x.Mix, 4)))
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Row.StartTimeMs).ThenByDescending(x => x.Row.Id)
            .Take(limit).ToList();
        var ids = ranked.Select(x => x.Row.Id).ToList();
        var infos = await RecordingProjection.Select(db, db.Recordings.AsNoTracking().Where(r => ids.Contains(r.Id)), viewerAdminId)
            .ToDictionaryAsync(i => i.Id, ct);
        return ranked.Select(x => new SimilarRecording(infos[x.Row.SessionId], x.Score, Math.Round(x.Path, 4), Math.Round(x.Mix, 4))).ToList();
    }

    private async Task<Dictionary<long, SessionShape>> ShapesAsync(List<RecordingRow> recordings, CancellationToken ct)
    {
        var ids = recordings.Select(r => r.Id).ToList();
        var events = (await db.BehaviorEvents.AsNoTracking()
            .Where(e => ids.Contains(e.RecordingId) && (e.Type == "pageview" || e.Type == "input"))
            .OrderBy(e => e.TimestampMs).ThenBy(e => e.Id)
            .Select(e => new BehaviorEventRow { RecordingId = e.RecordingId, WindowId = e.WindowId, TimestampMs = e.TimestampMs, Type = e.Type, Url = e.Url })
            .ToListAsync(ct)).ToLookup(e => e.RecordingId);
        // Page loads seen in rrweb data only (a tab that sent no behaviour events) count as page views too.
        var replay = (await db.ReplayEvents.AsNoTracking()
            .Where(e => ids.Contains(e.RecordingId) && e.Type == "pageview")
            .OrderBy(e => e.TimestampMs).ThenBy(e => e.Id)
            .Select(e => new ReplayEventRow { RecordingId = e.RecordingId, WindowId = e.WindowId, TimestampMs = e.TimestampMs, Type = e.Type, Url = e.Url })
            .ToListAsync(ct)).ToLookup(e => e.RecordingId);
        return recordings.ToDictionary(r => r.Id, r =>
        {
            var mine = CountedEvents.Select([.. events[r.Id]], [.. replay[r.Id]]);
            var pages = mine.Where(e => e.Type == "pageview").Select(e => RecordingEvents.PathOf(e.Url)).ToList();
            return SessionShape.Of(r, pages, pages.Count, mine.Count(e => e.Type == "input"));
        });
    }
}
