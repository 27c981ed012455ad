using System.Text.Json.Nodes;
using Recordings.Tests.Api;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.DashboardPages;

/// <summary>
/// Seeks into pages that changed after their full snapshots. rrweb replays the events since the last full snapshot at
/// once; the player has it apply their mutations to the replayed page itself instead of a virtual copy of it (the copy
/// of a large page cost 5-10 times the page's own build, docs/benchmarks.md), hands it only the events from the page's
/// start to the target for the seek, and makes it forget its last played event before a seek back; so what each seek
/// shows, forward and back, within a page and across pages, is checked here.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlayerSeekBrowserTests(Chromium chromium)
{
    private const int Items = 2000;

    [Fact]
    public async Task A_seek_forward_or_back_shows_the_page_with_exactly_the_mutations_recorded_before_that_moment()
    {
        using var api = await ApiFixture.StartAsync();
        var corpus = new CorpusSession([.. Events().Select(e => ("seek-window", e))]);
        var upload = new CorpusUpload(api.App.NewClient(), api.Environment.Token, "seek-session", corpus);
        await upload.SendAsync(upload.Batches());

        var admin = await DashboardBrowser.OpenPlayerAsync(chromium.Browser, api.App, api.Environment.Id, "seek-session");
        Assert.False(await admin.EvaluateAsync<bool>("() => RecordingsPlayer.player.getReplayer().config.useVirtualDom"));

        // status text | list class | items | the added item | the first item (removed at 1 s)
        string before = $"loaded||{Items}||item-0", after = $"changed|changed|{Items}|added|", later = $"later|changed|{Items - 1}|added|";
        const string second = "second||10||item-0", secondChanged = "second changed||10||item-0";
        var total = await admin.EvaluateAsync<int>("() => RecordingsPlayer.player.getReplayer().service.state.context.events.length");
        Assert.Equal(Events().Count(), total);
        foreach (var (at, expected) in new[]
        {
            (600, before), (2000, after), (600, before), (4000, later), (8000, secondChanged), (2000, after), (6500, second),
            (8000, secondChanged), (4000, later), (2000, after), (600, before), (6500, second), (600, before),
        })
        {
            var shown = await admin.EvaluateAsync<string>("""
                at => {
                  RecordingsPlayer.seek(at);
                  const d = document.querySelector('.replayer-wrapper iframe').contentDocument;
                  const list = d.getElementById('list');
                  return [d.getElementById('status')?.textContent ?? '', list?.className ?? '', String(d.querySelectorAll('#list li').length),
                          d.getElementById('added') ? 'added' : '', d.getElementById('item-0') ? 'item-0' : ''].join('|');
                }
                """, at);
            Assert.True(expected == shown, $"at {at} ms the replay shows {shown}, expected {expected}; replayer: {await DashboardBrowser.ReplayerStateAsync(admin)}");
            // The replayer is given only part of the recording for a seek: it has all of it again afterwards.
            Assert.Equal(total, await admin.EvaluateAsync<int>("() => RecordingsPlayer.player.getReplayer().service.state.context.events.length"));
            var now = await admin.EvaluateAsync<double>("() => RecordingsPlayer.player.getReplayer().getCurrentTime()");
            Assert.True(Math.Abs(now - at) < 5, $"after the seek to {at} ms the replayer stands at {now} ms");
            // The inspector's rows, the two page views (0 s and 6 s): C the current one, P passed, - still to come.
            var rows = await admin.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('#player-events button[data-index]')]
                  .map(b => b.classList.contains('current') ? 'C' : b.classList.contains('past') ? 'P' : '-').join('')
                """);
            Assert.Equal(at < 6000 ? "C-" : "PC", rows);
        }
        // Given the whole recording, rrweb dates every event for a seek (event.delay: its time after the target), those after
        // the target too; the player's seek gives it the page's events up to the target only, so the last event (9 s) is
        // not dated against a seek to 8 s.
        var delay = await admin.EvaluateAsync<double?>("""
            () => { RecordingsPlayer.seek(8000); const e = RecordingsPlayer.player.getReplayer().service.state.context.events; return e[e.length - 1].delay ?? null; }
            """);
        Assert.NotEqual(1000, delay);
        await admin.Context.CloseAsync();
    }

    /// <summary>
    /// One tab: a page of a status line and a list of <see cref="Items"/> items; at 1 s the status text and the list's class
    /// change, an item is added and the first removed; at 3 s the status changes again and another item is removed.
    /// </summary>
    private static IEnumerable<JsonObject> Events()
    {
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        JsonObject Text(int id, string text) => new() { ["type"] = 3, ["textContent"] = text, ["id"] = id };
        JsonObject Element(int id, string tag, JsonObject attributes, params JsonObject[] children) =>
            new() { ["type"] = 2, ["tagName"] = tag, ["attributes"] = attributes, ["childNodes"] = new JsonArray(children), ["id"] = id };
        // ids: 1 document, 2 html, 3 head, 4 body, 5 status, 6 its text, 7 list, 10 + 2i item i, 11 + 2i its text
        var items = Enumerable.Range(0, Items).Select(i => Element(10 + 2 * i, "li", new JsonObject { ["id"] = $"item-{i}" }, Text(11 + 2 * i, $"item {i}"))).ToArray();
        var document = new JsonObject
        {
            ["type"] = 0, ["id"] = 1, ["childNodes"] = new JsonArray(
                Element(2, "html", [], Element(3, "head", []), Element(4, "body", [],
                    Element(5, "p", new JsonObject { ["id"] = "status" }, Text(6, "loaded")),
                    Element(7, "ul", new JsonObject { ["id"] = "list" }, items)))),
        };
        yield return new JsonObject { ["type"] = 4, ["timestamp"] = t0, ["data"] = new JsonObject { ["href"] = "https://example.com/list", ["width"] = 1280, ["height"] = 800 } };
        yield return new JsonObject { ["type"] = 2, ["timestamp"] = t0 + 10, ["data"] = new JsonObject { ["node"] = document, ["initialOffset"] = new JsonObject { ["top"] = 0, ["left"] = 0 } } };
        JsonObject Mutation(long at, JsonArray texts, JsonArray attributes, JsonArray removes, JsonArray adds) => new()
        {
            ["type"] = 3, ["timestamp"] = t0 + at,
            ["data"] = new JsonObject { ["source"] = 0, ["texts"] = texts, ["attributes"] = attributes, ["removes"] = removes, ["adds"] = adds },
        };
        yield return Mutation(1000,
            [new JsonObject { ["id"] = 6, ["value"] = "changed" }],
            [new JsonObject { ["id"] = 7, ["attributes"] = new JsonObject { ["class"] = "changed" } }],
            [new JsonObject { ["parentId"] = 7, ["id"] = 10 }],
            [
                new JsonObject { ["parentId"] = 7, ["nextId"] = null, ["node"] = Element(100_000, "li", new JsonObject { ["id"] = "added" }) },
                new JsonObject { ["parentId"] = 100_000, ["nextId"] = null, ["node"] = Text(100_001, "added") },
            ]);
        yield return Mutation(3000,
            [new JsonObject { ["id"] = 6, ["value"] = "later" }], [],
            [new JsonObject { ["parentId"] = 7, ["id"] = 12 }], []);
        // The visitor's mouse at 5 s; a second page at 6 s (ten items) whose status changes at 7 s; the mouse again at 9 s.
        JsonObject Mouse(long at) => new()
        {
            ["type"] = 3, ["timestamp"] = t0 + at,
            ["data"] = new JsonObject { ["source"] = 1, ["positions"] = new JsonArray(new JsonObject { ["x"] = 10, ["y"] = 10, ["id"] = 5, ["timeOffset"] = 0 }) },
        };
        yield return Mouse(5000);
        var secondPage = new JsonObject
        {
            ["type"] = 0, ["id"] = 1, ["childNodes"] = new JsonArray(
                Element(2, "html", [], Element(3, "head", []), Element(4, "body", [],
                    Element(5, "p", new JsonObject { ["id"] = "status" }, Text(6, "second")),
                    Element(7, "ul", new JsonObject { ["id"] = "list" },
                        [.. Enumerable.Range(0, 10).Select(i => Element(10 + 2 * i, "li", new JsonObject { ["id"] = $"item-{i}" }, Text(11 + 2 * i, $"item {i}")))])))),
        };
        yield return new JsonObject { ["type"] = 4, ["timestamp"] = t0 + 6000, ["data"] = new JsonObject { ["href"] = "https://example.com/second", ["width"] = 1280, ["height"] = 800 } };
        yield return new JsonObject { ["type"] = 2, ["timestamp"] = t0 + 6010, ["data"] = new JsonObject { ["node"] = secondPage, ["initialOffset"] = new JsonObject { ["top"] = 0, ["left"] = 0 } } };
        yield return Mutation(7000, [new JsonObject { ["id"] = 6, ["value"] = "second changed" }], [], [], []);
        yield return Mouse(9000);
    }
}
