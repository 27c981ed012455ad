using Recordings.Tests.Capture;
using static Recordings.Tests.Metrics.RrwebEvents;

namespace Recordings.Tests.Metrics;

/// <summary>One clock offset per session, from its fastest exchange, applied to every batch of it.</summary>
public sealed class SessionClockTests : IngestionServerTest
{
    private async Task<MetricsIngestClient> ClientAsync()
    {
        var env = await CaptureEnvironment.CreateAsync(app);
        var client = new MetricsIngestClient(app, http, env.Id, env.Token);
        // A first request warms the server up, so the sessions' fast exchanges below are as fast as a page's usually are.
        await client.BeginAsync("warm-up", "w1", IngestClient.Now);
        return client;
    }

    private async Task<List<long>> StoredTimesAsync(string session) =>
        [.. (await stored.EventsAsync(session)).Select(e => e.TimestampMs)];

    private async Task<List<long>> StoredRrwebTimesAsync(string session) =>
        [.. (await stored.ChunksAsync(session)).SelectMany(c => c.Jsonl.TrimEnd('\n').Split('\n'))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement[1].GetProperty("timestamp").GetInt64()).Order()];

    [Theory]
    [InlineData(0)]            // a right clock: nothing moves
    [InlineData(-90_000)]      // a clock 90 s behind: every batch moves by the same 90 s
    public async Task A_batch_whose_upload_took_3_s_is_not_moved_against_the_sessions_other_batches(long clientClockMs)
    {
        var client = await ClientAsync();
        long Client() => IngestClient.Now + clientClockMs;
        var t = Client() - 10_000;
        await client.BeginAsync("slow-upload", "w1", sentAt: Client());
        await client.SendAsync("slow-upload", "w1", 1, [MetricsIngestClient.Behavior("click", t, selector: "a")],
            [MouseMove(t + 1)], split: true, sentAt: Client());
        // Stamped 3 s before it arrives, as a batch whose upload took 3 s.
        await client.SendAsync("slow-upload", "w1", 2, [MetricsIngestClient.Behavior("click", t + 5000, selector: "b")],
            [MouseMove(t + 5001)], split: true, sentAt: Client() - 3000);

        var times = await StoredTimesAsync("slow-upload");
        var rrweb = await StoredRrwebTimesAsync("slow-upload");
        // Both batches keep the 5 s between them, in the behaviour events and in the stored rrweb data alike.
        Assert.Equal(5000, times[1] - times[0]);
        Assert.Equal(5000, rrweb[1] - rrweb[0]);
        Assert.Equal(1, rrweb[0] - times[0]);
        // And they land on the server's clock (within the fast exchanges' delay), not 3 s later.
        Assert.InRange(times[0] - (t - clientClockMs), -1000, 2000);
    }

    [Fact]
    public async Task A_batch_read_before_a_faster_exchange_is_moved_onto_the_sessions_offset_with_everything_it_stored()
    {
        var client = await ClientAsync();
        var skew = -90_000L;
        var t = IngestClient.Now + skew - 10_000;
        // The first batch took 3 s and is the session's first exchange: it is corrected by 93 s.
        await client.SendAsync("late-fast-exchange", "w1", 1, [MetricsIngestClient.Behavior("click", t, selector: "a")],
            [MouseMove(t + 1)], split: true, sentAt: IngestClient.Now + skew - 3000);
        // Then a fast one: the session's offset is 90 s, and the first batch moves onto it.
        await client.SendAsync("late-fast-exchange", "w1", 2, [MetricsIngestClient.Behavior("click", t + 5000, selector: "b")],
            [MouseMove(t + 5001)], split: true, sentAt: IngestClient.Now + skew);

        var times = await StoredTimesAsync("late-fast-exchange");
        var rrweb = await StoredRrwebTimesAsync("late-fast-exchange");
        Assert.Equal(5000, times[1] - times[0]);
        Assert.Equal([times[0] + 1, times[1] + 1], rrweb);
        Assert.InRange(times[0] - (t - skew), -1000, 2000);
        var recording = (await stored.RecordingAsync("late-fast-exchange"))!;
        Assert.Equal((times[0], times[1] + 1), (recording.StartMs, recording.EndMs));
    }

    [Fact]
    public async Task A_session_whose_first_batch_was_slow_is_corrected_by_the_faster_exchange_that_came_before()
    {
        var client = await ClientAsync();
        var skew = -90_000L;
        var t = IngestClient.Now + skew - 10_000;
        // The page's session request (small and fast) comes first; the batch then took 3 s.
        await client.BeginAsync("slow-first-batch", "w1", sentAt: IngestClient.Now + skew);
        await client.SendAsync("slow-first-batch", "w1", 1, [MetricsIngestClient.Behavior("click", t, selector: "a")],
            sentAt: IngestClient.Now + skew - 3000);
        var stamped = (await StoredTimesAsync("slow-first-batch"))[0];
        // Moved by the session request's offset (its delay, well under a second, is the error), not 3 s more.
        Assert.InRange(stamped - (t - skew), -1000, 2000);
    }
}
