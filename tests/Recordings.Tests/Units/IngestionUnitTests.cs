using System.Text;
using Modules.Recordings.Errors;
using Modules.Recordings.Ingestion;
using Modules.Recordings.Metadata;

namespace Recordings.Tests.Units;

/// <summary>The dense parts of ingestion, without a server: the rrweb line scanner, the clock correction, error fingerprints.</summary>
[Trait("Category", "Unit")]
public sealed class IngestionUnitTests
{
    private const long T0 = 1_780_000_000_000; // 2026-05-28, a plausible time
    private static readonly IngestionLimits Limits = new();

    private static string Line(string window, long ts, string body) => $"[\"{window}\",{{\"type\":{body},\"timestamp\":{ts}}}]\n";

    private static string Page(long ts) =>
        Line("w1", ts, "4,\"data\":{\"href\":\"https://shop.example/\",\"width\":1280,\"height\":800}")
        + Line("w1", ts + 5, "2,\"data\":{\"node\":{\"type\":0,\"childNodes\":[],\"id\":1},\"initialOffset\":{\"left\":0,\"top\":0}}")
        + Line("w1", ts + 900, "3,\"data\":{\"source\":2,\"type\":2,\"id\":1,\"x\":3,\"y\":4}");

    private static RrwebLines.Scan Scan(string lines, ClockCorrection clock, Stream? rewritten = null, int maxEvents = 100) =>
        RrwebLines.Read(Encoding.UTF8.GetBytes(lines), "w1", clock, new BatchActivity(), maxEvents, maxEvents, rewritten);

    [Fact]
    public void The_scanner_counts_events_and_their_time_span_and_rewrites_only_timestamps_when_the_clock_is_corrected()
    {
        var keep = new ClockCorrection(T0, T0 + 300, Limits, observed => observed);
        Assert.True(keep.KeepsTimestamps);
        Assert.Equal(new RrwebLines.Scan(3, T0, T0 + 900), Scan(Page(T0), keep));

        // A client clock ten minutes slow: every timestamp moves by the offset, nothing else in the line changes.
        var slow = new ClockCorrection(T0 - 600_000, T0, Limits, observed => observed);
        Assert.Equal(600_000, slow.OffsetMs);
        using var rewritten = new MemoryStream();
        Assert.Equal(new RrwebLines.Scan(3, T0, T0 + 900), Scan(Page(T0 - 600_000), slow, rewritten));
        Assert.Equal(Page(T0), Encoding.UTF8.GetString(rewritten.ToArray()));
    }

    [Theory]
    [InlineData("[\"w2\",{\"type\":5,\"data\":{},\"timestamp\":1780000000000}]\n", "window id")]
    [InlineData("[\"w1\",{\"type\":5,\"data\":{},\"timestamp\":1780000000000}]", "newline")]
    [InlineData("[\"w1\",{\"type\":9,\"data\":{},\"timestamp\":1780000000000}]\n", "type 9")]
    [InlineData("[\"w1\",{\"type\":4,\"data\":{},\"timestamp\":1780000000000}]\n", "data.href")]
    [InlineData("[\"w1\",{\"type\":5,\"data\":{},\"timestamp\":\"soon\"}]\n", "timestamp")]
    [InlineData("[\"w1\",{\"type\":5,\"data\":{},\"timestamp\":1780000000000,\"type\":5}]\n", "twice")]
    [InlineData("[\"w1\",{\"type\":5,\"data\":{}\n", "JSON")]
    [InlineData("[\"w1\",{\"type\":5,\"data\":{},\"timestamp\":946684800000}]\n", "outside the accepted window")]
    public void The_scanner_refuses_what_is_not_one_rrweb_event_per_line_of_the_batchs_window(string lines, string message)
    {
        var clock = new ClockCorrection(T0, T0, Limits, observed => observed);
        var error = Assert.ThrowsAny<Exception>(() => Scan(lines, clock));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_scanner_stops_at_the_batchs_event_limit()
    {
        var clock = new ClockCorrection(T0, T0, Limits, observed => observed);
        Assert.Contains("at most 2 events", Assert.ThrowsAny<Exception>(() => Scan(Page(T0), clock, maxEvents: 2)).Message);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2000, 0)]
    [InlineData(-2000, 0)]
    [InlineData(2001, 2001)]
    [InlineData(-90_000, -90_000)]
    public void A_skew_of_two_seconds_or_less_is_left_alone_and_a_larger_one_corrected(long best, long applied)
    {
        Assert.Equal(applied, ClockCorrection.OffsetFor(best));
        // The session's best offset, not this request's own, decides.
        var clock = new ClockCorrection(T0, T0 + 50_000, Limits, _ => best);
        Assert.Equal(50_000, clock.Observed);
        Assert.Equal(T0 + applied, clock.Correct(T0, "timestamp"));
    }

    [Fact]
    public void A_sent_at_that_is_no_plausible_time_is_refused()
    {
        Assert.Contains("sent_at", Assert.ThrowsAny<Exception>(() => ClockCorrection.ObservedOffset(12345, T0)).Message);
    }

    [Fact]
    public void Errors_that_differ_only_in_ids_urls_numbers_and_quoted_values_share_a_fingerprint()
    {
        var a = ErrorFingerprint.NormaliseMessage("Cannot read 'price' of order 42 at https://shop.example/cart?id=7 (0b7f9a52-3c1e-5d2a-9f4b-6e8d7c1a2b3c, deadbeef01)");
        var b = ErrorFingerprint.NormaliseMessage("Cannot read  'total' of order 1337 at https://shop.example/checkout (11111111-2222-3333-4444-555555555555, cafe4242ab)");
        Assert.Equal("Cannot read <str> of order <n> at <url> (<id>, <id>)", a);
        Assert.Equal(a, b);
        var frame = ErrorFingerprint.TopFrame("https://shop.example/app.js?v=3", """{"stack":"TypeError: x\n    at addToCart (https://shop.example/app.js?v=3:10:5)\n    at main"}""");
        Assert.Equal("at addToCart (https://shop.example/app.js:10:5)", frame);
        Assert.Equal("https://shop.example/app.js:12", ErrorFingerprint.TopFrame("https://shop.example/app.js?v=9", """{"line":12}"""));
        Assert.Null(ErrorFingerprint.TopFrame(null, "not json"));
        Assert.Equal(ErrorFingerprint.Of("error", a, frame), ErrorFingerprint.Of("error", b, frame));
        Assert.NotEqual(ErrorFingerprint.Of("error", a, frame), ErrorFingerprint.Of("error", a, "at checkout (https://shop.example/app.js:99:1)"));
        Assert.NotEqual(ErrorFingerprint.Of("error", a, frame), ErrorFingerprint.Of("console.error", a, frame));
    }
}

/// <summary>What similar recordings are compared by, without a server.</summary>
[Trait("Category", "Unit")]
public sealed class SessionShapeTests
{
    private static Modules.Recordings.Similarity.SessionShape Shape(string[] paths, int clicks = 0, int errors = 0, int pageviews = 0) =>
        Modules.Recordings.Similarity.SessionShape.Of(
            new Modules.Recordings.Data.RecordingRow { SessionId = "s", TrackingMode = "playback", ClickCount = clicks, ConsoleErrorCount = errors },
            paths, pageviews, inputs: 0);

    [Fact]
    public void Paths_repeated_in_a_row_count_once_and_similarity_is_one_minus_the_edit_distance_over_the_longer()
    {
        var a = Shape(["/", "/", "/products/42", "/cart", "/cart"]);
        Assert.Equal(["/", "/products/42", "/cart"], a.Paths);
        Assert.Equal(1, a.PathSimilarity(Shape(["/", "/products/42", "/cart"])));
        Assert.Equal(1 - 1.0 / 3, a.PathSimilarity(Shape(["/", "/products/7", "/cart"])), 9);
        Assert.Equal(1 - 2.0 / 4, a.PathSimilarity(Shape(["/blog", "/", "/products/42", "/checkout"])), 9);
        Assert.Equal(0, a.PathSimilarity(Shape(["/blog"])));
        Assert.Equal(1, Shape([]).PathSimilarity(Shape([])));
        Assert.Equal(Modules.Recordings.Similarity.SessionShape.MaxPaths, Shape([.. Enumerable.Range(0, 80).Select(i => $"/p{i}")]).Paths.Count);
    }

    [Fact]
    public void The_event_mix_compares_proportions_on_a_log_scale()
    {
        var few = Shape(["/"], clicks: 3, pageviews: 1);
        Assert.Equal(1, few.MixSimilarity(Shape(["/"], clicks: 3, pageviews: 1)), 9);
        // Ten times the clicks is still much alike; clicks against only errors is not alike at all.
        Assert.InRange(few.MixSimilarity(Shape(["/"], clicks: 30, pageviews: 1)), 0.9, 1);
        Assert.Equal(0, Shape(["/"], clicks: 3).MixSimilarity(Shape(["/"], errors: 3)), 9);
        Assert.Equal(0, Shape(["/"]).MixSimilarity(few));
        Assert.Equal(1, Shape(["/"]).MixSimilarity(Shape(["/"])));
    }
}

/// <summary>Person properties as identify calls leave them, without a server.</summary>
[Trait("Category", "Unit")]
public sealed class PersonPropertiesTests
{
    [Fact]
    public void A_later_identify_of_the_same_person_sets_what_it_names_and_keeps_the_rest_and_another_person_starts_afresh()
    {
        Assert.Equal("""{"plan":"team","email":"a@example.com","seats":3}""",
            PersonProperties.After("u1", """{"plan":"pro","email":"a@example.com"}""", "u1", """{"plan":"team","seats":3}"""));
        Assert.Equal("""{"plan":"pro"}""", PersonProperties.After("u1", """{"plan":"pro"}""", "u1", null));
        Assert.Equal("""{"seats":3}""", PersonProperties.After("u1", """{"plan":"pro"}""", "u2", """{"seats":3}"""));
        Assert.Null(PersonProperties.After("u1", """{"plan":"pro"}""", "u2", null));
        Assert.Equal("""{"seats":3}""", PersonProperties.After(null, null, "u1", """{"seats":3}"""));
        // Past the column's limit, the newest call wins whole.
        var big = "{\"notes\":\"" + new string('x', 8180) + "\"}";
        Assert.Equal("""{"seats":3}""", PersonProperties.Merge(big, """{"seats":3}"""));
        Assert.Equal("""{"seats":3}""", PersonProperties.Merge("[1,2]", """{"seats":3}"""));
    }
}
