using System.Text.Json;
using Microsoft.Extensions.Options;
using Modules.Environments;
using Modules.Environments.Contracts;
using Modules.Recordings.Contracts;
using Modules.Recordings.Metadata;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// The ingestion endpoints' work: read and validate the request completely, let the Environments module decide the
/// session's mode, then hand the batch to the single writer and answer once it is committed. Anything refused
/// throws <see cref="IngestionRejected"/> before a byte is queued, so a refused request stores nothing.
/// </summary>
internal sealed class IngestionService(
    IEnvironmentsModule environments, SessionAccess access, IngestionQueue queue, IOptions<IngestionLimits> options, TimeProvider clock)
{
    private readonly IngestionLimits limits = options.Value;

    public async Task<SessionState> BeginSessionAsync(IngestionRequest request, CancellationToken ct) =>
        await DecideAsync(request, playbackRequested: false, ct);

    public async Task<SessionState> StartPlaybackAsync(IngestionRequest request, CancellationToken ct) =>
        await DecideAsync(request, playbackRequested: true, ct);

    private async Task<SessionState> DecideAsync(IngestionRequest request, bool playbackRequested, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request.Body, request.ContentEncoding, request.ContentLength, limits, ct);
        using var doc = SdkRequest.ParseBody(body);
        var sdk = SdkRequest.From(doc.RootElement, limits);
        var env = await access.EnvironmentAsync(sdk.Token, request.Origin, ct);
        var decision = playbackRequested
            ? await environments.RequestPlaybackAsync(env.Id, sdk.SessionId, ct)
            : await environments.BeginSessionAsync(env.Id, sdk.SessionId, ct);
        if (env.Settings.RecordingEnabled)
            await queue.StoreAsync(new PendingBatch
            {
                EnvironmentId = env.Id, SessionId = sdk.SessionId, WindowId = sdk.WindowId,
                Playback = decision.Mode == TrackingMode.Playback, ReceivedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                UserAgent = request.UserAgent,
            });
        return State(sdk.SessionId, env, decision);
    }

    public async Task<BatchAcknowledgement> IngestBatchAsync(IngestionRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var body = await RequestBody.ReadAsync(request.Body, request.ContentEncoding, request.ContentLength, limits, ct);
        using var doc = SdkRequest.ParseBody(body);
        var root = doc.RootElement;
        var sdk = SdkRequest.From(root, limits);
        var sequence = SdkRequest.RequiredLong(root, "sequence");
        if (sequence < 0) throw IngestionRejected.Invalid("sequence must not be negative.", "sequence");
        var time = new ClockCorrection(SdkRequest.RequiredLong(root, "sent_at"), now, limits);
        var events = OptionalArray(root, "events");
        var snapshots = OptionalArray(root, "snapshots");
        if (events.GetArrayLength() + snapshots.GetArrayLength() > limits.MaxEventsPerBatch)
            throw new IngestionRejected(413, "too_many_events", $"A batch may hold at most {limits.MaxEventsPerBatch} events.");

        var activity = new BatchActivity();
        var rows = BehaviorEventReader.Read(events, sdk.WindowId, time);
        foreach (var row in rows) activity.AddBehavior(row);
        // Build the chunk before asking for the mode, so malformed rrweb data is refused whatever the mode.
        var chunk = snapshots.GetArrayLength() > 0
            ? SnapshotChunkBuilder.Build(snapshots, sdk.WindowId, sequence, time, activity)
            : null;

        var env = await access.EnvironmentAsync(sdk.Token, request.Origin, ct);
        if (!env.Settings.RecordingEnabled)
            throw new IngestionRejected(403, "recording_disabled", "Recording is turned off for this environment.");
        var decision = await environments.BeginSessionAsync(env.Id, sdk.SessionId, ct);
        var playback = decision.Mode == TrackingMode.Playback;
        var refused = chunk is not null && !playback;
        if (refused) activity = WithoutSnapshots(rows);

        var stored = await queue.StoreAsync(new PendingBatch
        {
            EnvironmentId = env.Id, SessionId = sdk.SessionId, WindowId = sdk.WindowId, Sequence = sequence,
            Playback = playback, ReceivedAtMs = now, UserAgent = request.UserAgent,
            Events = rows, Chunk = refused ? null : chunk, Activity = activity,
        });
        var state = State(sdk.SessionId, env, decision);
        return new BatchAcknowledgement(sdk.SessionId, state.Mode, state.Reason, sequence, !stored,
            rows.Count, refused ? 0 : chunk?.EventCount ?? 0, refused);
    }

    public async Task<long> ReadAndDiscardAsync(IngestionRequest request, CancellationToken ct) =>
        (await RequestBody.ReadAsync(request.Body, request.ContentEncoding, request.ContentLength, limits, ct)).Length;

    // Snapshot data of a session not in playback is dropped, so none of what it would have counted may count.
    private static BatchActivity WithoutSnapshots(List<Data.BehaviorEventRow> rows)
    {
        var activity = new BatchActivity();
        foreach (var row in rows) activity.AddBehavior(row);
        return activity;
    }

    private static JsonElement OptionalArray(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return EmptyArray;
        if (value.ValueKind != JsonValueKind.Array) throw IngestionRejected.Invalid($"{name} must be an array.", name);
        return value;
    }

    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement;

    private static SessionState State(string sessionId, EnvironmentInfo env, TrackingDecision decision) =>
        new(sessionId, SessionAccess.ModeName(decision.Mode), decision.Reason, env.Settings.MaskAllInputs, env.Settings.RecordingEnabled);
}
