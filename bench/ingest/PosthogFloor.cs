using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace IngestBench;

/// <summary>
/// What the posthog-js format costs in zlib alone, against our SDK's format, for the same rrweb events. Our SDK sends
/// the lines in a gzip member of their own, which the server inflates once to check and then stores as sent; a
/// posthog-js request must be inflated, its compressed fields (<c>cv</c>) inflated again, and the lines it yields
/// compressed by the server (zlib level 1, as the server does). The difference, per MB of rrweb JSON, is work no
/// implementation of <c>/s/</c> can skip while it checks what it stores; added to our SDK's measured server CPU it gives
/// the best throughput ratio the posthog-js format can reach on this machine.
/// </summary>
internal static class PosthogFloor
{
    public sealed record Result(double OursMsPerMegabyte, double PosthogMsPerMegabyte);

    public static Result Measure(List<List<PreparedBatch>> ours, List<List<PreparedBatch>> posthog)
    {
        var oursBodies = ours.SelectMany(s => s).Select(b => b.Body()).Select(b => (Envelope: b.Body[..b.SnapshotsOffset], Lines: b.Body[b.SnapshotsOffset..])).ToList();
        // The same batches in the same order (Load.Prepare): the lines the server stores are our SDK's lines.
        var posthogWork = posthog.SelectMany(s => s).Zip(ours.SelectMany(s => s))
            .Select(p => (Body: p.First.PosthogBody!, Fields: CompressedFields(p.First.PosthogBody!), Lines: Inflated(p.Second.Lines))).ToList();
        var rawBytes = ours.SelectMany(s => s).Sum(b => b.RawRrwebBytes);
        var buffer = new byte[1 << 16];

        // Twice each, the first to warm up; CPU time of this process, in which nothing else runs meanwhile.
        double oursMs = 0, posthogMs = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            oursMs = CpuMs(() =>
            {
                foreach (var (envelope, lines) in oursBodies)
                {
                    Inflate(envelope, buffer);
                    Inflate(lines, buffer);
                }
            });
            posthogMs = CpuMs(() =>
            {
                foreach (var (body, fields, lines) in posthogWork)
                {
                    Inflate(body, buffer);
                    foreach (var field in fields) Inflate(field, buffer);
                    using var output = new MemoryStream(lines.Length / 5 + 64);
                    using (var z = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) z.Write(lines);
                }
            });
        }
        return new Result(oursMs / (rawBytes / 1e6), posthogMs / (rawBytes / 1e6));
    }

    private static double CpuMs(Action work)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        work();
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds;
    }

    private static void Inflate(byte[] gzip, byte[] buffer)
    {
        using var inflate = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        while (inflate.Read(buffer) > 0) { }
    }

    private static byte[] Inflated(byte[] gzip)
    {
        using var inflated = new MemoryStream();
        using (var inflate = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress)) inflate.CopyTo(inflated);
        return inflated.ToArray();
    }

    private static JsonElement Events(byte[] body) =>
        JsonDocument.Parse(Inflated(body), new JsonDocumentOptions { MaxDepth = 1000 }).RootElement[0].GetProperty("properties").GetProperty("$snapshot_data");

    /// <summary>The gzip members of the request's compressed fields, as bytes.</summary>
    private static List<byte[]> CompressedFields(byte[] body)
    {
        var fields = new List<byte[]>();
        foreach (var e in Events(body).EnumerateArray())
        {
            if (!e.TryGetProperty("cv", out _)) continue;
            var data = e.GetProperty("data");
            IEnumerable<JsonElement> strings = data.ValueKind == JsonValueKind.String ? [data]
                : data.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value);
            fields.AddRange(strings.Select(s => s.GetString()!.Select(c => (byte)c).ToArray()));
        }
        return fields;
    }
}
