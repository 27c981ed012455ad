using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Recordings.Tests.Snapshots;

/// <summary>
/// The ways clients read the snapshots API. Each lists the sources and reads all of them as a PostHog client does
/// (one <c>start_blob_key..end_blob_key</c> range, as PostHog's player does, or one <c>blob_key</c> at a time), and
/// decodes gzip its own way: curl's <c>--compressed</c>, a decoder of the first gzip member only (as Python's urllib
/// and most HTTP libraries), a browser's <c>fetch</c>; or asks for no encoding at all.
/// </summary>
public sealed class SnapshotClients(Uri server, string apiKey, string recordingPath, IPage browserPage)
{
    public enum Decoder { Identity, Curl, FirstMemberOnly, BrowserFetch }

    public static readonly Decoder[] All = Enum.GetValues<Decoder>();

    private readonly HttpClient http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server };

    /// <summary>The listed sources: (source, blob_key) each.</summary>
    public async Task<List<(string Source, string Key)>> ListAsync()
    {
        using var request = Request(recordingPath + "/snapshots", gzip: false);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return json.GetProperty("sources").EnumerateArray()
            .Select(s => (s.GetProperty("source").GetString()!, s.GetProperty("blob_key").GetString()!)).ToList();
    }

    /// <summary>Reads what <paramref name="sources"/> name as PostHog's player does: one request for the whole range.</summary>
    public async Task<List<string>> ReadAsRangeAsync(List<(string Source, string Key)> sources, Decoder decoder)
    {
        if (sources.Count == 0) return [];
        return Lines(await GetAsync($"{recordingPath}/snapshots?source=blob_v2&start_blob_key={sources[0].Key}&end_blob_key={sources[^1].Key}", decoder));
    }

    /// <summary>Reads each listed source on its own, by <c>blob_key</c>.</summary>
    public async Task<List<string>> ReadOneByOneAsync(List<(string Source, string Key)> sources, Decoder decoder)
    {
        var lines = new List<string>();
        foreach (var (source, key) in sources) lines.AddRange(Lines(await GetAsync($"{recordingPath}/snapshots?source={source}&blob_key={key}", decoder)));
        return lines;
    }

    public Task<string> GetAsync(string pathAndQuery, Decoder decoder) => decoder switch
    {
        Decoder.Identity => HttpAsync(pathAndQuery, gzip: false),
        Decoder.FirstMemberOnly => HttpAsync(pathAndQuery, gzip: true),
        Decoder.Curl => CurlAsync(pathAndQuery),
        _ => FetchAsync(pathAndQuery),
    };

    private async Task<string> HttpAsync(string pathAndQuery, bool gzip)
    {
        using var request = Request(pathAndQuery, gzip);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        Assert.Equal(gzip, response.Content.Headers.ContentEncoding.Contains("gzip"));
        return gzip ? FirstMember(body) : Encoding.UTF8.GetString(body);
    }

    /// <summary>
    /// The first gzip member's text and nothing after it, as zlib-based decoders read a gzip answer. The answer's
    /// last eight bytes must be that member's CRC-32 and length: so the answer is that one member and nothing else.
    /// </summary>
    public static string FirstMember(byte[] gzip)
    {
        Assert.True(gzip is [0x1f, 0x8b, 8, 0, ..], "a gzip member without optional header fields");
        using var deflate = new DeflateStream(new MemoryStream(gzip, 10, gzip.Length - 10), CompressionMode.Decompress);
        var text = new MemoryStream();
        deflate.CopyTo(text);
        var raw = text.ToArray();
        Assert.Equal(Crc32.HashToUInt32(raw), BitConverter.ToUInt32(gzip, gzip.Length - 8));
        Assert.Equal((uint)raw.Length, BitConverter.ToUInt32(gzip, gzip.Length - 4));
        return Encoding.UTF8.GetString(raw);
    }

    private async Task<string> CurlAsync(string pathAndQuery)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-sS", "--fail-with-body", "--compressed", "-H", "Authorization: Bearer " + apiKey, new Uri(server, pathAndQuery).ToString() })
            start.ArgumentList.Add(arg);
        using var curl = Process.Start(start)!;
        var output = curl.StandardOutput.ReadToEndAsync();
        var errors = await curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl exited {curl.ExitCode}: {errors} {await output}");
        return await output;
    }

    private async Task<string> FetchAsync(string pathAndQuery)
    {
        var read = await browserPage.EvaluateAsync<JsonElement>("""
            async ([url, key]) => {
                const response = await fetch(url, { headers: { Authorization: 'Bearer ' + key } });
                return { status: response.status, encoding: response.headers.get('content-encoding'), text: await response.text() };
            }
            """, new object[] { new Uri(server, pathAndQuery).ToString(), apiKey });
        Assert.Equal(200, read.GetProperty("status").GetInt32());
        Assert.Equal("gzip", read.GetProperty("encoding").GetString());
        return read.GetProperty("text").GetString()!;
    }

    private HttpRequestMessage Request(string pathAndQuery, bool gzip)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new("Bearer", apiKey);
        if (gzip) request.Headers.AcceptEncoding.ParseAdd("gzip");
        return request;
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
