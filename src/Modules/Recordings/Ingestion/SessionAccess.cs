using Modules.Environments;
using Modules.Environments.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>Finds the environment of an SDK request and checks that the request may send to it.</summary>
internal sealed class SessionAccess(IEnvironmentsModule environments)
{
    public async Task<EnvironmentInfo> EnvironmentAsync(string token, string? origin, CancellationToken ct)
    {
        var env = await environments.FindEnvironmentByTokenAsync(token, ct)
            ?? throw new IngestionRejected(401, "invalid_token", "The token does not belong to any environment.", "token");
        if (origin is not null && env.Settings.AllowedOrigins.Count > 0 && !env.Settings.AllowedOrigins.Any(o => SameOrigin(o, origin)))
            throw new IngestionRejected(403, "foreign_origin", $"The origin {origin} may not send to this environment.");
        return env;
    }

    private static bool SameOrigin(string allowed, string origin) =>
        string.Equals(allowed.Trim().TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public static string ModeName(TrackingMode mode) => mode == TrackingMode.Playback ? "playback" : "behavior";
}
