using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Modules.Recordings.Contracts;
using Modules.Recordings.Ingestion;

namespace Recordings.Tests.PosthogJs;

/// <summary>
/// The one-pass reader of posthog-js's /s/ requests, without a server: the lines it writes for each session and window
/// (events as sent, compressed ones inflated in place) and its refusals, in the order the body's faults are found.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PosthogSnapshotScanTests
{
    private const long T0 = 1_780_000_000_000; // 2026-05-28, a plausible time

    private static PosthogSnapshotScan Scan(string json, IngestionLimits? limits = null, long? queryTime = T0) =>
        Scan(Encoding.UTF8.GetBytes(json), limits, queryTime);

    private static PosthogSnapshotScan Scan(byte[] json, IngestionLimits? limits = null, long? queryTime = T0)
    {
        limits ??= new IngestionLimits();
        return PosthogSnapshotScan.Read(json, queryTime, T0 + 100, limits, new BodyMemory(Options.Create(limits)));
    }

    private static IngestionRefusedException Refused(string json, IngestionLimits? limits = null) =>
        Assert.ThrowsAny<IngestionRefusedException>(() => Scan(json, limits).Dispose());

    private static string Lines(PosthogSnapshotScan.Group group) => Encoding.UTF8.GetString(group.Lines.Memory.Span);

    /// <summary>fflate's strFromU8(gzipSync(json), true) as JSON.stringify writes it.</summary>
    private static string Compressed(string json) => JsonSerializer.Serialize(PosthogJsEndpointTests.Latin1(PosthogJsEndpointTests.Gzip(json)));

    /// <summary>A gzip member whose deflate data was overwritten in the middle (its CRC no longer matches, if it inflates at all).</summary>
    private static string Damaged(string json)
    {
        var gzip = PosthogJsEndpointTests.Gzip(json);
        gzip.AsSpan(12, 8).Fill(0x55);
        return JsonSerializer.Serialize(PosthogJsEndpointTests.Latin1(gzip));
    }

    private static string Snapshot(string data, string session = "s1", string window = "w1", string token = "env_t") =>
        $$"""{"uuid":"u","event":"$snapshot","properties":{"$snapshot_bytes":10,"$snapshot_data":{{data}},"$session_id":"{{session}}","$window_id":"{{window}}","distinct_id":"d","token":"{{token}}"},"offset":3}""";

    private const string Meta = """{"type":4,"data":{"href":"https://shop.example/","width":800,"height":600},"timestamp":1780000000000}""";
    private const string Node = """{"node":{"type":0,"childNodes":[],"id":1},"initialOffset":{"left":0,"top":0}}""";

    [Fact]
    public void Events_are_copied_as_sent_and_a_compressed_full_snapshot_is_inflated_in_place_without_its_marker()
    {
        var spaced = """{ "type" : 3 , "data" : {"source":2,"type":2,"id":1,"x":3,"y":4} , "timestamp" : 1780000000900 }""";
        var full = $$"""{"type":2,"data":{{Compressed(Node)}},"timestamp":1780000000005,"cv":"2024-10"}""";
        using var scan = Scan($"[{Snapshot($"[{Meta},{full},{spaced}]")}]");
        Assert.Equal("env_t", scan.Token);
        Assert.Equal(T0, scan.SentAtMs);
        var group = Assert.Single(scan.Groups);
        Assert.Equal(("s1", "w1"), (group.SessionId, group.WindowId));
        Assert.Equal(
            $"[\"w1\",{Meta}]\n" + $"[\"w1\",{{\"type\":2,\"data\":{Node},\"timestamp\":1780000000005}}]\n" + $"[\"w1\",{spaced}]\n",
            Lines(group));
    }

    [Fact]
    public void A_compressed_mutation_and_style_rule_have_only_the_fields_posthog_js_compresses_inflated()
    {
        var mutation = $$"""{"type":3,"cv":"2024-10","data":{"source":0,"texts":{{Compressed("[]")}},"attributes":{{Compressed("""[{"id":5,"attributes":{"class":"a"}}]""")}},"removes":{{Compressed("[]")}},"adds":{{Compressed("""[{"parentId":1,"nextId":null,"node":{"type":3,"textContent":"hi","id":6}}]""")}},"isAttachIframe":true},"timestamp":1780000000010}""";
        var style = $$"""{"type":3,"data":{"source":8,"id":2,"adds":{{Compressed("""[{"rule":"a{}","index":0}]""")}},"removes":{{Compressed("[]")}},"texts":"kept"},"timestamp":1780000000020,"cv":"2024-10"}""";
        using var scan = Scan($"[{Snapshot($"[{mutation},{style}]")}]");
        Assert.Equal(
            """["w1",{"type":3,"data":{"source":0,"texts":[],"attributes":[{"id":5,"attributes":{"class":"a"}}],"removes":[],"adds":[{"parentId":1,"nextId":null,"node":{"type":3,"textContent":"hi","id":6}}],"isAttachIframe":true},"timestamp":1780000000010}]""" + "\n"
            + """["w1",{"type":3,"data":{"source":8,"id":2,"adds":[{"rule":"a{}","index":0}],"removes":[],"texts":"kept"},"timestamp":1780000000020}]""" + "\n",
            Lines(Assert.Single(scan.Groups)));
    }

    [Fact]
    public void Byte_strings_are_read_as_json_stringify_writes_them_and_a_repeated_small_member_inflates_alike()
    {
        // JSON.stringify leaves U+0080..U+00FF unescaped (two UTF-8 bytes each) and writes control characters as \uXXXX or \n.
        static string Stringified(string json)
        {
            var text = new StringBuilder("\"");
            foreach (var b in PosthogJsEndpointTests.Gzip(json))
                text.Append(b switch { (byte)'"' => "\\\"", (byte)'\\' => "\\\\", (byte)'\n' => "\\n", < 0x20 => $"\\u{b:x4}", _ => ((char)b).ToString() });
            return text.Append('"').ToString();
        }
        Assert.Contains("\\u001f\u008b", Stringified("[]"));
        var texts = """[{"id":4,"value":"é"}]""";
        var mutation = (string t) => $$"""{"type":3,"data":{"source":0,"texts":{{t}},"attributes":{{Stringified("[]")}},"removes":{{Compressed("[]")}},"adds":{{Stringified("[]")}}},"timestamp":1780000000010,"cv":"2024-10"}""";
        using var scan = Scan($"[{Snapshot($"[{mutation(Stringified(texts))},{mutation(Compressed("[]"))}]")}]");
        Assert.Equal(
            $$"""["w1",{"type":3,"data":{"source":0,"texts":{{texts}},"attributes":[],"removes":[],"adds":[]},"timestamp":1780000000010}]""" + "\n"
            + """["w1",{"type":3,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]},"timestamp":1780000000010}]""" + "\n",
            Lines(Assert.Single(scan.Groups)));
    }

    [Fact]
    public void A_batch_envelope_gives_the_token_and_send_time_and_each_session_and_window_gets_its_own_lines_in_order()
    {
        var pageview = """{"event":"$pageview","properties":{"$session_id":"s1","$snapshot_data":[{"type":2,"data":"not gzip","cv":"x"}]}}""";
        var json = $$"""{"batch":[{{Snapshot($"[{Meta}]", "s2", "w9", null!).Replace(",\"token\":\"\"", "")}},{{pageview}},{{Snapshot(Meta, "s1")}},{{Snapshot($"[{Meta}]", "s2", "w9")}}],"api_key":"env_t","sent_at":"2026-05-28T20:26:40Z"}""";
        using var scan = Scan(json, queryTime: null);
        Assert.Equal("env_t", scan.Token);
        Assert.Equal(DateTimeOffset.Parse("2026-05-28T20:26:40Z").ToUnixTimeMilliseconds(), scan.SentAtMs);
        Assert.Equal(new[] { ("s2", "w9"), ("s1", "w1") }, scan.Groups.Select(g => (g.SessionId, g.WindowId)));
        Assert.Equal($"[\"w9\",{Meta}]\n[\"w9\",{Meta}]\n", Lines(scan.Groups[0]));
        Assert.Equal($"[\"w1\",{Meta}]\n", Lines(scan.Groups[1]));
    }

    [Fact]
    public void A_single_event_body_is_read_and_a_request_without_snapshots_gives_no_lines()
    {
        using (var single = Scan(Snapshot($"[{Meta}]")))
            Assert.Equal($"[\"w1\",{Meta}]\n", Lines(Assert.Single(single.Groups)));
        using var none = Scan("""[{"event":"$pageview","properties":{"token":"env_t"}}]""");
        Assert.Empty(none.Groups);
    }

    public static TheoryData<string, string, string> HostileBodies => new()
    {
        { $"[{Snapshot($"[{Meta}]")}", "invalid_json", "not valid JSON" },
        { $"[{Snapshot($"[{Meta}]")}] x", "invalid_json", "not valid JSON" },
        { Snapshot($"[{new string('[', 3000)}{new string(']', 3000)}]"), "invalid_json", "not valid JSON" },
        { "7", "invalid_input", "must be an event" },
        { "[]", "invalid_input", "no events" },
        { "[7]", "invalid_input", "must be an object" },
        { """[{"event":"$snapshot","properties":7}]""", "invalid_input", "needs properties" },
        { $"[{Snapshot($"[{Meta}]")},{Snapshot($"[{Meta}]", token: "env_other")}]", "invalid_input", "share their token" },
        { $"[{Snapshot($"[{Meta}]").Replace("\"token\":\"env_t\"", "\"token\":null")}]", "invalid_token", "No token" },
        { $"[{Snapshot($"[{Meta}]").Replace("\"$session_id\":\"s1\",", "")}]", "invalid_input", "$session_id is required" },
        { $"[{Snapshot("7")}]", "invalid_input", "rrweb event or an array" },
        { $"[{Snapshot("[{\"type\":2,\"data\":\"\\u001f\\u008bgarbage\",\"cv\":\"2024-10\"}]")}]", "invalid_gzip", "cut short" },
        { $"[{Snapshot("[{\"type\":2,\"data\":\"\\u0100\",\"cv\":\"2024-10\"}]")}]", "invalid_gzip", "not a byte string" },
        { $"[{Snapshot($"[{{\"type\":2,\"data\":{Damaged(Node)},\"cv\":\"2024-10\"}}]")}]", "invalid_gzip", "" },
        { $"[{Snapshot("[{\"type\":2,\"data\":7,\"cv\":\"2024-10\"}]")}]", "invalid_input", "string or an object" },
        { $"[{Snapshot("[{\"type\":3,\"data\":{\"source\":\"0\"},\"cv\":\"2024-10\"}]")}]", "invalid_input", "source must be a number" },
        // The request's shape is judged before its compressed fields, wherever they come in it.
        { $"[{Snapshot("[{\"type\":2,\"data\":\"garbage\",\"cv\":\"2024-10\"}]")},7]", "invalid_input", "must be an object" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public void A_hostile_body_is_refused_with_the_translations_code(string json, string code, string message)
    {
        var refused = Refused(json);
        Assert.Equal(code, refused.Code);
        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void Text_that_is_not_utf8_and_more_events_than_a_request_may_hold_are_refused()
    {
        var bytes = Encoding.UTF8.GetBytes($"[{Snapshot($"[{Meta}]")}]");
        bytes[bytes.AsSpan().IndexOf("shop"u8)] = 0xFF;
        Assert.Equal("invalid_json", Assert.ThrowsAny<IngestionRefusedException>(() => Scan(bytes).Dispose()).Code);
        var many = "[" + string.Join(",", Enumerable.Repeat("""{"event":"x","properties":{"token":"env_t"}}""", PosthogSnapshotScan.MaxEvents + 1)) + "]";
        var tooMany = Refused(many);
        Assert.Equal(("too_many_events", IngestionRefusal.TooLarge), (tooMany.Code, tooMany.Refusal));
    }

    [Fact]
    public void Compressed_fields_inflate_only_up_to_the_bodys_inflated_cap()
    {
        var limits = new IngestionLimits { MaxDecompressedBytes = 100_000 };
        var bomb = Compressed("[" + new string(' ', 200_000) + "]");
        var refused = Refused($"[{Snapshot($"[{{\"type\":2,\"data\":{bomb},\"cv\":\"2024-10\"}}]")}]", limits);
        Assert.Equal(("decompressed_too_large", IngestionRefusal.TooLarge), (refused.Code, refused.Refusal));
        // Two fields under the cap each but over it together.
        var half = Compressed("[" + new string(' ', 60_000) + "]");
        var two = $"{{\"type\":2,\"data\":{half},\"cv\":\"2024-10\"}}";
        Assert.Equal("decompressed_too_large", Refused($"[{Snapshot($"[{two},{two}]")}]", limits).Code);
    }

    [Fact]
    public void The_lines_are_checked_as_our_sdks_and_a_compressed_field_that_is_not_one_json_value_is_refused()
    {
        var limits = new IngestionLimits();
        var sessions = new SessionClock();
        using (var good = Scan($"[{Snapshot($"[{Meta},{{\"type\":2,\"data\":{Compressed(Node)},\"timestamp\":1780000000005,\"cv\":\"2024-10\"}}]")}]"))
        {
            var batch = Assert.Single(PosthogSnapshotBatches.Read(good, limits, T0 + 100, sessions));
            Assert.Equal(2, batch.Chunk!.EventCount);
            using var gunzip = new GZipStream(new MemoryStream(batch.Chunk.GzipData), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gunzip.CopyTo(plain);
            Assert.Equal(Lines(good.Groups[0]), Encoding.UTF8.GetString(plain.ToArray()));
            // The same request again names the same batch: a retry is stored once.
            using var again = Scan($"[{Snapshot($"[{Meta},{{\"type\":2,\"data\":{Compressed(Node)},\"timestamp\":1780000000005,\"cv\":\"2024-10\"}}]")}]");
            Assert.Equal(batch.Sequence, Assert.Single(PosthogSnapshotBatches.Read(again, limits, T0 + 200, sessions)).Sequence);
        }
        foreach (var spliced in new[] { "1,2", """{"node":{}}},{"type":5""", "{\"node\":{}}\n" })
        {
            using var scan = Scan($"[{Snapshot($"[{{\"type\":2,\"data\":{Compressed(spliced)},\"timestamp\":1780000000005,\"cv\":\"2024-10\"}}]")}]");
            var refused = Assert.ThrowsAny<IngestionRefusedException>(() => PosthogSnapshotBatches.Read(scan, limits, T0 + 100, sessions));
            Assert.Equal(IngestionRefusal.Invalid, refused.Refusal);
        }
    }
}
