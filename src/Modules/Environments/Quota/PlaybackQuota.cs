using Microsoft.EntityFrameworkCore;
using Modules.Environments.Contracts;
using Modules.Environments.Data;

namespace Modules.Environments.Quota;

/// <summary>
/// The monthly allotment of playback sessions. A session reserves at most once, ever; the counter is only ever
/// raised by a conditional UPDATE (<c>used &lt; quota</c>), which every provider evaluates atomically, so the
/// allotment holds across threads and nodes. The in-process gate just spares SQLite a storm of busy retries.
/// </summary>
internal sealed class PlaybackQuota(EnvironmentsDbContext db, TimeProvider clock, ReservationRateLimit rate) : ITrackingRules
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string CurrentPeriod => clock.GetUtcNow().ToString("yyyy-MM");

    public async Task<TrackingDecision> BeginSessionAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var env = await FindAsync(environmentId, ct);
        if (!env.RecordingEnabled) return TrackingDecision.Behavior(TrackingReasons.RecordingDisabled);
        if (await IsReservedAsync(environmentId, sessionId, ct)) return TrackingDecision.Playback;
        if (env.ManualPlaybackStart) return TrackingDecision.Behavior(TrackingReasons.AwaitingManualStart);
        return await ReserveAsync(env, sessionId, ct);
    }

    public async Task<TrackingDecision> RequestPlaybackAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        var env = await FindAsync(environmentId, ct);
        if (await IsReservedAsync(environmentId, sessionId, ct)) return TrackingDecision.Playback;
        if (!env.RecordingEnabled) return TrackingDecision.Behavior(TrackingReasons.RecordingDisabled);
        return await ReserveAsync(env, sessionId, ct);
    }

    public async Task<PlaybackQuotaUsage> UsageAsync(int environmentId, CancellationToken ct)
    {
        var env = await FindAsync(environmentId, ct);
        var period = CurrentPeriod;
        var used = await db.PlaybackQuotaCounters.AsNoTracking()
            .Where(c => c.EnvironmentId == environmentId && c.Period == period).Select(c => c.Used).FirstOrDefaultAsync(ct);
        return new PlaybackQuotaUsage(period, used, env.PlaybackQuota);
    }

    public async Task<IReadOnlyList<PlaybackQuotaUsage>> HistoryAsync(int environmentId, int months, CancellationToken ct)
    {
        var env = await FindAsync(environmentId, ct);
        var now = clock.GetUtcNow();
        var periods = Enumerable.Range(0, Math.Clamp(months, 1, 36)).Select(i => now.AddMonths(-i).ToString("yyyy-MM")).Reverse().ToList();
        var used = await db.PlaybackQuotaCounters.AsNoTracking()
            .Where(c => c.EnvironmentId == environmentId && periods.Contains(c.Period)).ToDictionaryAsync(c => c.Period, c => c.Used, ct);
        return periods.Select(p => new PlaybackQuotaUsage(p, used.GetValueOrDefault(p), env.PlaybackQuota)).ToList();
    }

    private async Task<EnvironmentRow> FindAsync(int environmentId, CancellationToken ct) =>
        await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == environmentId, ct)
        ?? throw new NotFoundException($"Environment {environmentId} does not exist.");

    private static void ValidateSessionId(string sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId) || sessionId.Length > 128)
            throw new InvalidInputException("sessionId", "A session id of 1 to 128 characters is required.");
    }

    private Task<bool> IsReservedAsync(int environmentId, string sessionId, CancellationToken ct)
    {
        ValidateSessionId(sessionId);
        return db.PlaybackReservations.AnyAsync(r => r.EnvironmentId == environmentId && r.SessionId == sessionId, ct);
    }

    private async Task<TrackingDecision> ReserveAsync(EnvironmentRow env, string sessionId, CancellationToken ct)
    {
        var period = CurrentPeriod;
        await Gate.WaitAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await IsReservedAsync(env.Id, sessionId, ct)) return TrackingDecision.Playback;
            // The month's counter, made by whichever session comes first. Nodes starting a month's first sessions at
            // once each try to make it: ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike) lets the second wait for
            // the first and use its row, where a plain INSERT failed with a duplicate key and refused that session.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO playback_quota_counters ("EnvironmentId", "Period", "Used") VALUES ({env.Id}, {period}, 0) ON CONFLICT DO NOTHING
                """, ct);
            var quota = env.PlaybackQuota ?? int.MaxValue;
            var used = await db.PlaybackQuotaCounters.Where(c => c.EnvironmentId == env.Id && c.Period == period).Select(c => c.Used).FirstAsync(ct);
            if (used >= quota) return TrackingDecision.Behavior(TrackingReasons.QuotaExhausted);
            rate.Take(env.Id);
            var raised = await db.PlaybackQuotaCounters
                .Where(c => c.EnvironmentId == env.Id && c.Period == period && c.Used < quota)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Used, c => c.Used + 1), ct);
            if (raised == 0) return TrackingDecision.Behavior(TrackingReasons.QuotaExhausted);
            db.PlaybackReservations.Add(new PlaybackReservation
            {
                EnvironmentId = env.Id, SessionId = sessionId, Period = period, ReservedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TrackingDecision.Playback;
        }
        catch (DbUpdateException)
        {
            // Another node reserved the same session first; its answer is ours.
            db.ChangeTracker.Clear();
            return await IsReservedAsync(env.Id, sessionId, ct)
                ? TrackingDecision.Playback
                : TrackingDecision.Behavior(TrackingReasons.QuotaExhausted);
        }
        finally
        {
            Gate.Release();
        }
    }

    // The module's ITrackingRules role (see EnvironmentRoles.cs).
    Task<TrackingDecision> ITrackingRules.BeginSessionAsync(int environmentId, string sessionId, CancellationToken ct) => BeginSessionAsync(environmentId, sessionId, ct);
    Task<TrackingDecision> ITrackingRules.RequestPlaybackAsync(int environmentId, string sessionId, CancellationToken ct) => RequestPlaybackAsync(environmentId, sessionId, ct);
    Task<PlaybackQuotaUsage> ITrackingRules.GetPlaybackQuotaUsageAsync(int environmentId, CancellationToken ct) => UsageAsync(environmentId, ct);
    Task<IReadOnlyList<PlaybackQuotaUsage>> ITrackingRules.GetPlaybackQuotaHistoryAsync(int environmentId, int months, CancellationToken ct) => HistoryAsync(environmentId, months, ct);
}
