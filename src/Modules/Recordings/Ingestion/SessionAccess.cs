using Modules.Recordings.Contracts;
using Modules.Environments;
using Modules.Environments.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>Finds the environment of an SDK request and checks that the request may send to it.</summary>
internal sealed class SessionAccess(IEnvironmentCatalog environmentCatalog, ITrackingRules trackingRules, EnvironmentCache cache)
{
    public async Task<EnvironmentInfo> EnvironmentAsync(string token, string? origin, CancellationToken ct)
    {
        var env = await cache.FindAsync(token, () => environmentCatalog.FindEnvironmentByTokenAsync(token, ct))
            ?? throw new IngestionRejected(IngestionRefusal.Unauthenticated, "invalid_token", "The token does not belong to any environment.", "token");
        // Browsers always send Origin with a POST, so an environment that names its origins refuses requests without one
        // (a script outside any browser) as well as those from elsewhere.
        if (env.Settings.AllowedOrigins.Count > 0 && origin is null)
            throw new IngestionRejected(IngestionRefusal.ForeignOrigin, "foreign_origin", "This environment accepts data only from its allowed origins, and this request names no Origin.");
        if (origin is not null && env.Settings.AllowedOrigins.Count > 0 && !env.Settings.AllowedOrigins.Any(o => SameOrigin(o, origin)))
            throw new IngestionRejected(IngestionRefusal.ForeignOrigin, "foreign_origin", $"The origin {origin} may not send to this environment.");
        return env;
    }

    /// <summary>
    /// The session's mode for a batch: remembered once it is playback, otherwise asked (which may reserve quota);
    /// <paramref name="requestPlayback"/> asks as <c>startPlaybackRecording()</c> does.
    /// </summary>
    public async Task<TrackingDecision> ModeForBatchAsync(int environmentId, string sessionId, bool requestPlayback, CancellationToken ct)
    {
        if (cache.IsInPlayback(environmentId, sessionId)) return TrackingDecision.Playback;
        return Remember(environmentId, sessionId, requestPlayback
            ? await trackingRules.RequestPlaybackAsync(environmentId, sessionId, ct)
            : await trackingRules.BeginSessionAsync(environmentId, sessionId, ct));
    }

    public TrackingDecision Remember(int environmentId, string sessionId, TrackingDecision decision)
    {
        if (decision.Mode == TrackingMode.Playback) cache.RememberPlayback(environmentId, sessionId);
        return decision;
    }

    private static bool SameOrigin(string allowed, string origin) =>
        string.Equals(allowed.Trim().TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public static string ModeName(TrackingMode mode) => mode == TrackingMode.Playback ? "playback" : "behavior";
}
