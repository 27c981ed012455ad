using System.Text.RegularExpressions;
using Modules.Recordings.Contracts;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>How the player loads a recording of several parts: the first page early, every event exactly once.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlayerLoadingBrowserTests(Chromium chromium)
{
    [Fact]
    public async Task The_first_page_shows_while_a_later_part_is_still_held_back_and_then_every_event_of_the_tab_is_in_the_player_once()
    {
        // Generated session 12 (two tabs, about 2 MB of rrweb JSON): its first half in a cold segment, the rest hot.
        using var api = await ApiFixture.StartAsync(new Dictionary<string, string?> { ["Storage:ColdAfterSeconds"] = "0" });
        var corpus = CorpusSession.Generate(12);
        var upload = new CorpusUpload(api.App.NewClient(), api.Environment.Token, "corpus-12", corpus);
        var batches = upload.Batches();
        await upload.SendAsync(batches.Take(batches.Count / 2));
        Assert.Equal("succeeded", (await api.Recordings().Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);
        await upload.SendAsync(batches.Skip(batches.Count / 2));

        var admin = await DashboardBrowser.SignInAsync(chromium.Browser, api.App);
        var release = new TaskCompletionSource();
        await admin.Context.RouteAsync(new Regex(@"/snapshots\?source=blob_v2&blob_key=1\d{9}$"), async route => { await release.Task; await route.ContinueAsync(); });
        await admin.GotoAsync(new Uri(api.App.BaseAddress, $"/environments/{api.Environment.Id}/recordings/corpus-12").ToString(), DashboardBrowser.PlayerPage);

        await Eventually.TrueAsync(async () => (await DashboardBrowser.ReplayTextAsync(admin)).Trim().Length > 0, "the first page in the replay");
        Assert.Null(await admin.GetAttributeAsync("#player-root", "data-loaded"));

        release.SetResult();
        await DashboardBrowser.WaitForReplayAsync(admin);
        Assert.Null(await admin.GetAttributeAsync("#player-root", "data-error"));
        var tab = await admin.EvalOnSelectorAsync<string>("#player-tab", "select => select.value");
        var inPlayer = await admin.EvaluateAsync<long[]>("() => RecordingsPlayer.player.getReplayer().service.state.context.events.map(e => e.timestamp)");
        var recorded = corpus.Lines.Where(l => l.Window == tab).ToList();
        Assert.Equal(recorded.Count, inPlayer.Length);
        Assert.Equal(inPlayer.Order(), inPlayer);
        await admin.Context.CloseAsync();
    }
}
