using System.Text.Json;
using Microsoft.Extensions.Options;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// The ingestion endpoints' work: read and validate the request completely, let the Environments module decide the
/// session's mode, then hand the batch to the single writer and answer once it is committed. Anything refused
/// throws <see cref="IngestionRejected"/> before a byte is queued, so a refused request stores nothing.
/// </summary>
internal sealed class IngestionService(
    ITrackingRules trackingRules, SessionAccess access, IngestionQueue queue, CpuSlots cpu, BodyMemory memory, SessionClock sessions,
    IOptions<IngestionLimits> options, TimeProvider clock, Telemetry.RecordingsMetrics metrics) : IRecordingIngestion
{
    private readonly IngestionLimits limits = options.Value;

    public Task<SessionState> BeginSessionAsync(IngestionRequest request, CancellationToken ct) =>
        Refusing(() => DecideAsync(request, playbackRequested: false, ct));

    public Task<SessionState> StartPlaybackAsync(IngestionRequest request, CancellationToken ct) =>
        Refusing(() => DecideAsync(request, playbackRequested: true, ct));

    public Task<BatchAcknowledgement> IngestBatchAsync(IngestionRequest request, CancellationToken ct) =>
        Refusing(() => StoreBatchAsync(request, ct));

    /// <summary>Every way a request is refused, as one typed error (the host maps it to its answer), each one counted.</summary>
    private async Task<T> Refusing<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (IngestionRefusedException e)
        {
            metrics.Rejected(e.Code);
            throw;
        }
        catch (RateLimitedException e)
        {
            // The environment starts playback sessions faster than its rate allows: nothing was reserved or stored;
            // the SDK asks again (a batch is sent again) after the wait.
            throw new IngestionRefusedException(IngestionRefusal.RateLimited, "rate_limited", e.Message) { RetryAfter = TimeSpan.FromSeconds(e.RetryAfterSeconds) };
        }
        catch (Exception e) when (Storage.StorageFailure.Is(e))
        {
            // Disk full or an I/O error: nothing was committed, the databases roll back intact, and the next write
            // after space returns succeeds, so the client is told to retry rather than given a 500.
            metrics.Rejected("storage_unavailable");
            throw new IngestionRefusedException(IngestionRefusal.StorageUnavailable, "storage_unavailable",
                "The server cannot store data right now (storage full or failing). Retry after the time in Retry-After.")
            { RetryAfter = TimeSpan.FromSeconds(Storage.StorageFailure.RetryAfterSeconds) };
        }
    }

    private async Task<SessionState> DecideAsync(IngestionRequest request, bool playbackRequested, CancellationToken ct)
    {
        var now = Now();
        SdkRequest sdk;
        long? observed = null;
        using (var raw = await RequestBody.ReadRawAsync(request.Body, request.ContentLength, limits, memory, ct))
            (sdk, observed) = await cpu.RunAsync(() =>
            {
                using var body = RequestBody.Inflate(raw.Memory, request.ContentEncoding, limits, memory);
                using var doc = SdkRequest.ParseBody(body.Memory);
                var sdk = SdkRequest.From(doc.RootElement, limits);
                // Optional here: a small request at the start of each page, usually the session's fastest exchange.
                long? observed = doc.RootElement.TryGetProperty("sent_at", out var sentAt) && sentAt.ValueKind != JsonValueKind.Null
                    ? ClockCorrection.ObservedOffset(SdkRequest.RequiredLong(doc.RootElement, "sent_at"), now)
                    : null;
                return (sdk, observed);
            }, ct);
        var env = await access.EnvironmentAsync(sdk.Token, request.Origin, ct);
        var decision = access.Remember(env.Id, sdk.SessionId, playbackRequested
            ? await trackingRules.RequestPlaybackAsync(env.Id, sdk.SessionId, ct)
            : await trackingRules.BeginSessionAsync(env.Id, sdk.SessionId, ct));
        if (env.Settings.RecordingEnabled)
            await queue.StoreAsync(new PendingBatch
            {
                EnvironmentId = env.Id, SessionId = sdk.SessionId, WindowId = sdk.WindowId,
                Playback = decision.Mode == TrackingMode.Playback, ReceivedAtMs = now, UserAgent = request.UserAgent,
                ObservedClockOffsetMs = observed,
            });
        if (observed is { } offset) sessions.Remember(sdk.Token, sdk.SessionId, offset);
        return State(sdk.SessionId, env, decision);
    }

    private async Task<BatchAcknowledgement> StoreBatchAsync(IngestionRequest request, CancellationToken ct)
    {
        var now = Now();
        ParsedBatch batch;
        long bodyBytes;
        using (var raw = await RequestBody.ReadRawAsync(request.Body, request.ContentLength, limits, memory, ct))
        {
            bodyBytes = raw.Memory.Length;
            // Malformed rrweb data is refused here whatever the session's mode turns out to be.
            batch = await cpu.RunAsync(() => ParsedBatch.Read(raw.Memory, request.ContentEncoding, request.SnapshotsOffset, limits, memory, now, sessions), ct);
        }

        var env = await RecordingEnvironmentAsync(batch.Sdk.Token, request, ct);
        return await StoreAsync(batch, env, request, now, bodyBytes, ct);
    }

    public Task<IReadOnlyList<BatchAcknowledgement>> IngestPosthogSnapshotsAsync(IngestionRequest request, long? sentAtMs, CancellationToken ct) =>
        Refusing(() => StorePosthogSnapshotsAsync(request, sentAtMs, ct));

    /// <summary>
    /// posthog-js's <c>/s/</c> request read in one pass (<see cref="PosthogSnapshotScan"/>) into one batch per session
    /// and window; all of them are checked before the first is stored, then each is stored as a batch of our SDK's is.
    /// </summary>
    private async Task<IReadOnlyList<BatchAcknowledgement>> StorePosthogSnapshotsAsync(IngestionRequest request, long? sentAtMs, CancellationToken ct)
    {
        var now = Now();
        List<ParsedBatch> batches;
        long bodyBytes;
        using (var raw = await RequestBody.ReadRawAsync(request.Body, request.ContentLength, limits, memory, ct))
        {
            bodyBytes = raw.Memory.Length;
            batches = await cpu.RunAsync(() =>
            {
                using var body = RequestBody.Inflate(raw.Memory, request.ContentEncoding, limits, memory);
                using var scan = PosthogSnapshotScan.Read(body.Memory.Span, sentAtMs, now, limits, memory);
                return PosthogSnapshotBatches.Read(scan, limits, now, sessions);
            }, ct);
        }
        if (batches.Count == 0) return [];
        var env = await RecordingEnvironmentAsync(batches[0].Sdk.Token, request, ct);
        var acknowledged = new List<BatchAcknowledgement>(batches.Count);
        foreach (var batch in batches) acknowledged.Add(await StoreAsync(batch, env, request, now, acknowledged.Count == 0 ? bodyBytes : 0, ct));
        return acknowledged;
    }

    private async Task<EnvironmentInfo> RecordingEnvironmentAsync(string token, IngestionRequest request, CancellationToken ct)
    {
        var env = await access.EnvironmentAsync(token, request.Origin, ct);
        if (!env.Settings.RecordingEnabled)
            throw new IngestionRejected(IngestionRefusal.Forbidden, "recording_disabled", "Recording is turned off for this environment.");
        return env;
    }

    private async Task<BatchAcknowledgement> StoreAsync(ParsedBatch batch, EnvironmentInfo env, IngestionRequest request, long now, long bodyBytes, CancellationToken ct)
    {
        var decision = await access.ModeForBatchAsync(env.Id, batch.Sdk.SessionId, request.SnapshotsRequestPlayback && batch.Chunk is not null, ct);
        var playback = decision.Mode == TrackingMode.Playback;
        var refused = batch.Chunk is not null && !playback;
        if (refused) batch = batch.WithoutSnapshots();

        var stored = await queue.StoreAsync(new PendingBatch
        {
            EnvironmentId = env.Id, SessionId = batch.Sdk.SessionId, WindowId = batch.Sdk.WindowId, Sequence = batch.Sequence,
            Playback = playback, ReceivedAtMs = now, UserAgent = request.UserAgent,
            Events = batch.Events, Chunk = batch.Chunk, Activity = batch.Activity,
            ObservedClockOffsetMs = batch.Clock.Observed, AppliedClockOffsetMs = batch.Clock.OffsetMs,
        });
        metrics.BatchStored(bodyBytes);
        sessions.Remember(batch.Sdk.Token, batch.Sdk.SessionId, batch.Clock.Observed);
        var state = State(batch.Sdk.SessionId, env, decision);
        return new BatchAcknowledgement(state.SessionId, state.Mode, state.Reason, batch.Sequence, !stored,
            batch.Events.Count, batch.Chunk?.EventCount ?? 0, refused);
    }

    /// <summary>
    /// For the ingestion benchmark's baseline (not part of the module's contract; see <see cref="RecordingsModule.ReadAndDiscardAsync"/>):
    /// reads and decompresses a body under the same limits, then discards it. Returns the decompressed length.
    /// </summary>
    public async Task<long> ReadAndDiscardAsync(IngestionRequest request, CancellationToken ct)
    {
        using var raw = await RequestBody.ReadRawAsync(request.Body, request.ContentLength, limits, memory, ct);
        return await cpu.RunAsync(() =>
        {
            // The split body is two members, each inflated on its own as ingestion does.
            var offset = request.SnapshotsOffset is { } o && o > 0 && o < raw.Length ? (int)o : raw.Length;
            using var first = RequestBody.Inflate(raw.Memory[..offset], request.ContentEncoding, limits, memory);
            using var second = offset < raw.Length ? RequestBody.Inflate(raw.Memory[offset..], "gzip", limits, memory) : null;
            return (long)first.Length + (second?.Length ?? 0);
        }, ct);
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static SessionState State(string sessionId, EnvironmentInfo env, TrackingDecision decision) =>
        new(sessionId, SessionAccess.ModeName(decision.Mode), decision.Reason, env.Settings.MaskAllInputs, env.Settings.RecordingEnabled);
}
