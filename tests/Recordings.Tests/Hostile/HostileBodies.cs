using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Recordings.Tests.Capture;

namespace Recordings.Tests.Hostile;

/// <summary>Bodies an attacker would send: forged gzip, broken text, events rrweb never writes.</summary>
public static class HostileBodies
{
    /// <summary>A gzip member of a small JSON object whose trailer claims it inflates to almost 4 GiB.</summary>
    public static byte[] ForgedTrailer(string token)
    {
        var member = IngestClient.Gzip(Encoding.UTF8.GetBytes($$"""{"token":"{{token}}","session_id":"forged","window_id":"w1"}"""));
        member[^4] = 0xF0;
        member[^3] = member[^2] = member[^1] = 0xFF;
        return member;
    }

    /// <summary>gzip of <paramref name="megabytes"/> MB of zeros: about a thousandth of that on the wire.</summary>
    public static byte[] Bomb(int megabytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < megabytes; i++) gzip.Write(zeros);
        }
        return output.ToArray();
    }

    /// <summary>The JSON text of <paramref name="batch"/> with <paramref name="marker"/> (a string value in it) replaced by raw JSON text.</summary>
    public static string WithRaw(JsonObject batch, string marker, string rawJson) =>
        batch.ToJsonString().Replace("\"" + marker + "\"", rawJson, StringComparison.Ordinal);

    /// <summary>UTF-8 of <paramref name="json"/> with the ASCII marker replaced by raw bytes (invalid UTF-8 on purpose).</summary>
    public static byte[] WithBytes(string json, string marker, byte[] bytes)
    {
        var text = Encoding.UTF8.GetBytes(json);
        var at = text.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        return [.. text[..at], .. bytes, .. text[(at + marker.Length)..]];
    }

    public static string Nested(int levels) => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);
}
