using System.Collections.Concurrent;
using Modules.Environments.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Spares every batch its round trips to the Environments module: an environment's settings are reused for two
/// seconds (so a changed setting applies within that time), and a session once seen in playback is remembered,
/// because playback is final (there is no way back).
/// </summary>
internal sealed class EnvironmentCache(TimeProvider clock)
{
    private static readonly TimeSpan SettingsLifetime = TimeSpan.FromSeconds(2);
    private const int MaxPlaybackSessions = 200_000;

    private readonly ConcurrentDictionary<string, (EnvironmentInfo Environment, DateTimeOffset Expires)> byToken = new();
    private readonly ConcurrentDictionary<(int, string), bool> playbackSessions = new();

    public async Task<EnvironmentInfo?> FindAsync(string token, Func<Task<EnvironmentInfo?>> load)
    {
        if (byToken.TryGetValue(token, out var hit) && hit.Expires > clock.GetUtcNow()) return hit.Environment;
        var env = await load();
        if (env is not null) byToken[token] = (env, clock.GetUtcNow() + SettingsLifetime);
        return env;
    }

    public bool IsInPlayback(int environmentId, string sessionId) => playbackSessions.ContainsKey((environmentId, sessionId));

    public void RememberPlayback(int environmentId, string sessionId)
    {
        // A crude bound: forgetting only costs the next batch of each session one question to the Environments module.
        if (playbackSessions.Count > MaxPlaybackSessions) playbackSessions.Clear();
        playbackSessions[(environmentId, sessionId)] = true;
    }
}
