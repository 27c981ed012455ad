using Microsoft.Extensions.Caching.Memory;
using Modules.Environments.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Spares every batch its round trips to the Environments module: an environment's settings are reused for two
/// seconds (so a changed setting applies within that time), and a session once seen in playback is remembered,
/// because playback is final (there is no way back). Both on <see cref="MemoryCache"/>s with a size limit: past it,
/// the cache compacts (least recently used first), which only costs a forgotten session's next batch one question.
/// </summary>
internal sealed class EnvironmentCache(TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan SettingsLifetime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PlaybackMemory = TimeSpan.FromHours(1);
    public const int MaxEnvironments = 10_000;
    public const int MaxPlaybackSessions = 200_000;

    private readonly MemoryCache byToken = new(new MemoryCacheOptions { SizeLimit = MaxEnvironments });
    private readonly MemoryCache playbackSessions = new(new MemoryCacheOptions { SizeLimit = MaxPlaybackSessions });

    public async Task<EnvironmentInfo?> FindAsync(string token, Func<Task<EnvironmentInfo?>> load)
    {
        // The entry's own time is checked against the server's clock (a TimeProvider, as tests move it); the cache's
        // expiry only evicts.
        var now = clock.GetUtcNow();
        if (byToken.TryGetValue(token, out (EnvironmentInfo Environment, DateTimeOffset At) hit) && now - hit.At < SettingsLifetime)
            return hit.Environment;
        var env = await load();
        if (env is not null)
            byToken.Set(token, (env, now), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = SettingsLifetime });
        return env;
    }

    public bool IsInPlayback(int environmentId, string sessionId) => playbackSessions.TryGetValue((environmentId, sessionId), out _);

    public void RememberPlayback(int environmentId, string sessionId) =>
        playbackSessions.Set((environmentId, sessionId), true, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = PlaybackMemory });

    public void Dispose()
    {
        byToken.Dispose();
        playbackSessions.Dispose();
    }
}
