using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Modules.Recordings.Contracts;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>
/// A recording of many cold segments: the player asks for its first segment with only the hot part, so the first frame
/// waits for that segment alone however long the recording is, and asks for the later segments in order, one ahead.
/// The page itself starts the first reads (the list of parts, the first part, the hot part) from its head.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlayerLongRecordingBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task The_first_segment_is_read_with_only_the_hot_part_and_the_later_ones_follow_in_order_each_event_once()
    {
        // Generated session 12 (two tabs, about 2 MB of rrweb JSON) in small segments, so that it has several; the last
        // batches stay hot.
        using var api = await ApiFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ColdAfterSeconds"] = "0", ["Storage:SegmentBytes"] = "40000",
        });
        var corpus = CorpusSession.Generate(12);
        var upload = new CorpusUpload(api.App.NewClient(), api.Environment.Token, "corpus-12", corpus);
        var batches = upload.Batches();
        await upload.SendAsync(batches.Take(batches.Count - 2));
        Assert.Equal("succeeded", (await api.Recordings().Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);
        await upload.SendAsync(batches.Skip(batches.Count - 2));

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, api.App);
        var keys = new ConcurrentQueue<long>(); // the parts the page asked for, in the order it asked
        admin.Request += (_, request) =>
        {
            var key = Regex.Match(request.Url, @"/snapshots\?source=blob_v2&blob_key=(\d+)$");
            if (key.Success) keys.Enqueue(long.Parse(key.Groups[1].Value));
        };
        var hotRead = new TaskCompletionSource();
        admin.RequestFinished += (_, request) =>
        {
            if (Regex.IsMatch(request.Url, @"blob_key=1\d{9}$")) hotRead.TrySetResult();
        };
        var release = new TaskCompletionSource();
        await admin.Context.RouteAsync(new Regex(@"/snapshots\?source=blob_v2&blob_key=0$"), async route => { await release.Task; await route.ContinueAsync(); });
        await admin.GotoAsync(new Uri(api.App.BaseAddress, $"/environments/{api.Environment.Id}/recordings/corpus-12").ToString(), DashboardBrowser.PlayerPage);

        // While the first segment is held back the page has asked for it and for the hot part, and for nothing else.
        await hotRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var segments = await SegmentCountAsync(api);
        Assert.True(segments >= 4, $"the recording should have several cold segments, has {segments}");
        Assert.Equal([0L, SnapshotSource.HotKeyBase + segments], keys.Order().ToArray());
        Assert.Null(await admin.GetAttributeAsync("#player-root", "data-ready"));

        release.SetResult();
        await DashboardBrowser.WaitForReplayAsync(admin);
        await Eventually.TrueAsync(async () => await admin.GetAttributeAsync("#player-root", "data-loaded") is not null, "the whole recording loaded");
        Assert.Null(await admin.GetAttributeAsync("#player-root", "data-error"));
        // Every segment asked for once, in order after the first and the hot part.
        Assert.Equal([0L, SnapshotSource.HotKeyBase + segments, .. Enumerable.Range(1, segments - 1).Select(i => (long)i)], keys.ToArray());
        // The list of parts, the first part and the hot part were asked for by the page's head (preload links), before
        // its scripts ran; the player's own reads of them took those answers (each was requested once, above).
        var initiators = await admin.EvaluateAsync<string[]>(@"() => performance.getEntriesByType('resource')
            .filter(r => /\/snapshots(\?source=blob_v2&blob_key=(0|1\d{9}))?$/.test(r.name)).map(r => r.initiatorType)");
        Assert.Equal(["link", "link", "link"], initiators);
        var tab = await admin.EvalOnSelectorAsync<string>("#player-tab", "select => select.value");
        var inPlayer = await admin.EvaluateAsync<long[]>("() => RecordingsPlayer.player.getReplayer().service.state.context.events.map(e => e.timestamp)");
        var recorded = corpus.Lines.Where(l => l.Window == tab).ToList();
        Assert.Equal(recorded.Count, inPlayer.Length);
        Assert.Equal(inPlayer.Order(), inPlayer);
        await admin.Context.CloseAsync();
    }

    private static async Task<int> SegmentCountAsync(ApiFixture api) =>
        (await api.Recordings().Snapshots.ListSnapshotSourcesAsync(api.Environment.Id, "corpus-12"))!
            .Count(s => long.Parse(s.BlobKey!, System.Globalization.CultureInfo.InvariantCulture) < SnapshotSource.HotKeyBase);
}
