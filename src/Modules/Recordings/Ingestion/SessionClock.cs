using System.Collections.Concurrent;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// One clock offset per session rather than per batch. Each request that carries <c>sent_at</c> shows the server's
/// receive time minus the client's send time: the clocks' difference plus that request's delay, which is never
/// negative. So the smallest difference any of the session's requests showed (its fastest exchange) is the best
/// estimate of the skew, and that one offset is applied to all the session's batches: a batch whose upload took 3 s
/// is not moved 3 s against the others. Only acknowledged requests are remembered, so a refused one cannot move a
/// session's clock.
/// </summary>
internal sealed class SessionClock
{
    private const int MaxSessions = 200_000;
    private readonly ConcurrentDictionary<(string Token, string SessionId), long> best = new();

    /// <summary>The session's best offset, counting the request at hand (not yet remembered).</summary>
    public long BestOffset(string token, string sessionId, long observedMs) =>
        best.TryGetValue((token, sessionId), out var known) ? Math.Min(known, observedMs) : observedMs;

    /// <summary>Remembers an acknowledged request's offset.</summary>
    public void Remember(string token, string sessionId, long observedMs)
    {
        // A crude bound, as for the playback sessions: a forgotten session starts again from its next request.
        if (best.Count > MaxSessions) best.Clear();
        best.AddOrUpdate((token, sessionId), observedMs, (_, known) => Math.Min(known, observedMs));
    }
}
