using System.Text;
using System.Text.Json.Nodes;

namespace Recordings.Tests.Support;

/// <summary>
/// rrweb recordings made up by the tests themselves, so the suite needs nothing beside the repository (the real
/// recorded corpus is read by the benchmarks only). Each session is the same on every run (seeded by its number) and
/// shaped like the corpus session of that number: as many tabs, page loads and events, about as many bytes. Every page
/// load is DOMContentLoaded, Load, Meta and a FullSnapshot of a documentation-like page (headings, paragraphs, code,
/// links, an inlined stylesheet), followed by what a reader does: mouse moves, scrolls, clicks, text selections, typed
/// input, DOM mutations and a few console messages through rrweb's console plugin. Events of two tabs interleave; within
/// one tab timestamps never decrease.
/// </summary>
public static class GeneratedSessions
{
    public sealed record Line(string WindowId, JsonObject Event);

    private sealed record Shape(int Tabs, int PageLoads, int Events, int PageBytes);

    // Tabs, page loads, events and full-snapshot size per session, from the corpus session of the same number.
    private static Shape ShapeOf(int session) => session switch
    {
        4 => new Shape(1, 5, 382, 150_000),
        5 => new Shape(1, 2, 194, 480_000),
        10 => new Shape(1, 3, 207, 460_000),
        11 => new Shape(1, 2, 283, 150_000),
        12 => new Shape(2, 8, 248, 220_000),
        _ => new Shape(1 + session % 2, 2 + session % 4, 150 + 20 * session, 120_000 + 10_000 * session),
    };

    public static List<Line> Session(int session)
    {
        var shape = ShapeOf(session);
        var random = new Random(session);
        var start = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero).AddHours(session).ToUnixTimeMilliseconds();
        var tabs = Enumerable.Range(0, shape.Tabs)
            .Select(t => new Tab(new Guid(random.Next(), (short)t, (short)session, new byte[8]).ToString(), random, start + t * 4_000, shape))
            .ToList();
        // Page loads go to the tabs in turn; the other events to a random tab, in the order their clocks say.
        var loadsLeft = shape.PageLoads;
        var eventsLeft = shape.Events;
        var lines = new List<Line>();
        foreach (var tab in tabs) { lines.AddRange(tab.PageLoad()); loadsLeft--; eventsLeft -= 4; }
        while (eventsLeft > 0)
        {
            var tab = tabs.MinBy(t => t.Clock)!;
            if (loadsLeft > 0 && random.Next(Math.Max(1, eventsLeft / loadsLeft)) == 0)
            {
                lines.AddRange(tab.PageLoad());
                loadsLeft--;
                eventsLeft -= 4;
            }
            else
            {
                lines.Add(tab.Interaction());
                eventsLeft--;
            }
        }
        return lines;
    }

    /// <summary>One browser tab: its window id, clock and the ids of the page it shows.</summary>
    private sealed class Tab(string windowId, Random random, long clock, Shape shape)
    {
        private int nextId = 1;
        private int page;
        private readonly List<int> textIds = [];
        private readonly List<int> elementIds = [];
        private int inputId;
        private int bodyId;

        public long Clock { get; private set; } = clock;

        private Line At(JsonObject e, long step)
        {
            Clock += step;
            e["timestamp"] = Clock;
            return new Line(windowId, e);
        }

        public IEnumerable<Line> PageLoad()
        {
            page++;
            nextId = 1;
            textIds.Clear();
            elementIds.Clear();
            var url = $"http://docs.test/{Pick(Sections)}/{Pick(Words)}-{page}.html";
            yield return At(new JsonObject { ["type"] = 0, ["data"] = new JsonObject() }, random.Next(300, 900));
            yield return At(new JsonObject { ["type"] = 1, ["data"] = new JsonObject() }, random.Next(5, 40));
            yield return At(new JsonObject
            {
                ["type"] = 4,
                ["data"] = new JsonObject { ["href"] = url, ["width"] = 1280, ["height"] = 720 },
            }, 0);
            yield return At(new JsonObject
            {
                ["type"] = 2,
                ["data"] = new JsonObject
                {
                    ["node"] = Document(url),
                    ["initialOffset"] = new JsonObject { ["left"] = 0, ["top"] = 0 },
                },
            }, 1);
        }

        public Line Interaction()
        {
            var roll = random.Next(100);
            JsonObject data;
            if (roll < 30)
                data = new JsonObject
                {
                    ["source"] = 1,
                    ["positions"] = new JsonArray([.. Enumerable.Range(0, random.Next(3, 12)).Select(i => (JsonNode)new JsonObject
                    {
                        ["x"] = random.Next(1280), ["y"] = random.Next(720), ["id"] = Pick(elementIds), ["timeOffset"] = -50 * i,
                    })]),
                };
            else if (roll < 50)
                data = new JsonObject { ["source"] = 3, ["id"] = 1, ["x"] = 0, ["y"] = random.Next(0, 8000) };
            else if (roll < 62)
                data = new JsonObject
                {
                    ["source"] = 2, ["type"] = random.Next(2) == 0 ? 2 : 1, ["id"] = Pick(elementIds),
                    ["x"] = random.Next(1280), ["y"] = random.Next(720), ["pointerType"] = 0,
                };
            else if (roll < 70)
            {
                var text = Pick(textIds);
                data = new JsonObject
                {
                    ["source"] = 14,
                    ["ranges"] = new JsonArray(new JsonObject { ["start"] = text, ["startOffset"] = 0, ["end"] = text, ["endOffset"] = random.Next(1, 12) }),
                };
            }
            else if (roll < 76)
                data = new JsonObject { ["source"] = 5, ["text"] = new string('*', random.Next(1, 9)), ["isChecked"] = false, ["id"] = inputId };
            else if (roll < 97)
                data = Mutation();
            else
                return At(new JsonObject
                {
                    ["type"] = 6,
                    ["data"] = new JsonObject
                    {
                        ["plugin"] = "rrweb/console@1",
                        ["payload"] = new JsonObject
                        {
                            ["level"] = Pick(["log", "info", "warn", "error"]),
                            ["trace"] = new JsonArray($"render (http://docs.test/static/main.js:{random.Next(1, 900)}:{random.Next(1, 80)})"),
                            ["payload"] = new JsonArray($"\"{Sentence(6)}\""),
                        },
                    },
                }, random.Next(50, 1500));
            return At(new JsonObject { ["type"] = 3, ["data"] = data }, random.Next(16, 1800));
        }

        private JsonObject Mutation()
        {
            var paragraph = Element("p", [Text(Sentence(random.Next(8, 30)))]);
            return new JsonObject
            {
                ["source"] = 0,
                ["texts"] = new JsonArray(),
                ["attributes"] = new JsonArray(new JsonObject { ["id"] = Pick(elementIds), ["attributes"] = new JsonObject { ["class"] = Pick(Words) } }),
                ["removes"] = new JsonArray(),
                ["adds"] = new JsonArray(new JsonObject { ["parentId"] = bodyId, ["nextId"] = null, ["node"] = paragraph }),
            };
        }

        private JsonObject Document(string url)
        {
            var documentId = nextId++;
            var doctype = new JsonObject { ["type"] = 1, ["name"] = "html", ["publicId"] = "", ["systemId"] = "", ["id"] = nextId++ };
            var style = Element("style", [Text(Stylesheet(shape.PageBytes / 5), isStyle: true)]);
            var head = Element("head", [Element("title", [Text($"{Pick(Words)} — docs")]), style]);
            var main = new List<JsonObject> { Element("h1", [Text(url)]) };
            inputId = nextId;
            main.Add(Element("input", [], new JsonObject { ["type"] = "search", ["value"] = "" }));
            var bytes = 0;
            while (bytes < shape.PageBytes * 4 / 5)
            {
                var sentence = Sentence(random.Next(20, 60));
                bytes += sentence.Length + 120;
                main.Add(random.Next(6) switch
                {
                    0 => Element("h2", [Text(Sentence(4))]),
                    1 => Element("pre", [Element("code", [Text($"fn {Pick(Words)}() -> {Pick(Words)} {{ {sentence} }}")])]),
                    2 => Element("a", [Text(Sentence(3))], new JsonObject { ["href"] = $"http://docs.test/{Pick(Words)}.html" }),
                    _ => Element("p", [Text(sentence)]),
                });
            }
            var body = Element("body", main);
            bodyId = body["id"]!.GetValue<int>();
            var html = Element("html", [head, body], new JsonObject { ["lang"] = "en" });
            return new JsonObject
            {
                ["type"] = 0, ["childNodes"] = new JsonArray(doctype, html), ["compatMode"] = "CSS1Compat", ["id"] = documentId,
            };
        }

        // Children are made before their parent, so an element takes its id after theirs; ids only need to be unique.
        private JsonObject Element(string tag, List<JsonObject> children, JsonObject? attributes = null)
        {
            var id = nextId++;
            elementIds.Add(id);
            return new JsonObject
            {
                ["type"] = 2, ["tagName"] = tag, ["attributes"] = attributes ?? new JsonObject(),
                ["childNodes"] = new JsonArray([.. children]), ["id"] = id,
            };
        }

        private JsonObject Text(string text, bool isStyle = false)
        {
            var id = nextId++;
            textIds.Add(id);
            var node = new JsonObject { ["type"] = 3, ["textContent"] = text, ["id"] = id };
            if (isStyle) node["isStyle"] = true;
            return node;
        }

        private string Stylesheet(int bytes)
        {
            var css = new StringBuilder();
            while (css.Length < bytes)
                css.Append($".{Pick(Words)}-{random.Next(40)} {{ margin: {4 * random.Next(6)}px; color: #{Pick(Colours)}; }}\n");
            return css.ToString();
        }

        // Text comes from a small pool of phrases, as documentation repeats itself (navigation, signatures, boilerplate):
        // the pages then compress about as well as the corpus's real ones (rrweb JSON to gzip roughly 8:1).
        private readonly string[] phrases = [.. Enumerable.Range(0, 40).Select(_ => string.Join(' ', Enumerable.Range(0, 6).Select(_ => Words[random.Next(Words.Length)])))];

        private string Sentence(int words) => string.Join(' ', Enumerable.Range(0, Math.Max(1, words / 6)).Select(_ => Pick(phrases)));

        private T Pick<T>(IReadOnlyList<T> from) => from[random.Next(from.Count)];
    }

    private static readonly string[] Colours = ["333", "555", "000", "fff", "c33", "3a3", "36c", "eee"];

    private static readonly string[] Sections = ["std", "core", "alloc", "book", "cargo", "reference", "rustc"];

    private static readonly string[] Words =
    [
        "iterator", "vector", "slice", "string", "option", "result", "borrow", "lifetime", "trait", "module", "crate",
        "closure", "pattern", "match", "thread", "channel", "mutex", "arc", "rc", "box", "pointer", "reference", "value",
        "type", "generic", "macro", "function", "method", "struct", "enum", "impl", "where", "async", "await", "future",
        "stream", "buffer", "reader", "writer", "error", "panic", "unwrap", "expect", "collect", "map", "filter", "fold",
        "the", "a", "of", "to", "and", "in", "is", "returns", "when", "this", "that", "with", "for", "each", "element",
    ];
}
