using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Web.Ingestion;

/// <summary>A posthog-js request refused before anything reached the module: nothing was stored.</summary>
internal sealed class PosthogRejected(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>
/// Reads the body of a posthog-js request the way it sends them (its request.ts): gzip (<c>compression=gzip-js</c>,
/// recognised by gzip's magic bytes whatever the query says), base64 in a <c>data=</c> form (<c>sendBeacon</c>'s
/// fallback), or plain JSON. The same caps as our own SDK's bodies hold (<c>Ingestion:MaxBodyBytes</c>, as sent, and
/// <c>Ingestion:MaxDecompressedBytes</c>, inflated).
/// </summary>
internal static class PosthogBody
{
    /// <summary>
    /// Duplicate keys are left to the module, which refuses them at an rrweb event's top level and, in the events' batches
    /// (a plain body), anywhere. Checking every object of a request here as well cost about a tenth of /s/'s CPU
    /// (docs/benchmarks.md).
    /// </summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1000 };

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, PosthogLimits limits, CancellationToken ct)
    {
        var raw = await ReadRawAsync(request, limits.MaxBodyBytes, ct);
        var json = Decode(raw, request.ContentType, limits);
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw new PosthogRejected(400, "invalid_json", "The body is not valid UTF-8.");
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new PosthogRejected(400, "invalid_json", $"The body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// The body as sent, for the module to inflate and read (<c>/s/</c>): only the <c>data=</c> form is decoded here, to
    /// the JSON or gzip it carries.
    /// </summary>
    public static async Task<byte[]> ReadUndecodedAsync(HttpRequest request, PosthogLimits limits, CancellationToken ct)
    {
        var raw = await ReadRawAsync(request, limits.MaxBodyBytes, ct);
        return IsGzip(raw) ? raw : Unform(raw, request.ContentType, decodedGzip => decodedGzip);
    }

    private static async Task<byte[]> ReadRawAsync(HttpRequest request, long max, CancellationToken ct)
    {
        if (request.ContentLength > max) throw TooLarge(max);
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) throw TooLarge(max);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new PosthogRejected(400, "invalid_json", "The body is empty.");
        return buffer.ToArray();
    }

    private static PosthogRejected TooLarge(long max) => new(413, "payload_too_large", $"The body is larger than {max} bytes.");

    private static byte[] Decode(byte[] raw, string? contentType, PosthogLimits limits)
    {
        if (IsGzip(raw)) return Gunzip(raw, limits.MaxDecompressedBytes);
        return Unform(raw, contentType, gzip => Gunzip(gzip, limits.MaxDecompressedBytes));
    }

    /// <summary>The <c>data=</c> form's JSON or base64 (gzip handed to <paramref name="gzip"/>); any other body as it is.</summary>
    private static byte[] Unform(byte[] raw, string? contentType, Func<byte[], byte[]> gzip)
    {
        var form = contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            || raw.AsSpan().StartsWith("data="u8);
        if (!form) return raw;
        var text = Encoding.Latin1.GetString(raw);
        var data = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text).TryGetValue("data", out var value) ? value.ToString() : null;
        if (string.IsNullOrEmpty(data)) throw new PosthogRejected(400, "invalid_input", "A form body must carry data=.");
        if (data.StartsWith('{') || data.StartsWith('[')) return Encoding.UTF8.GetBytes(data);
        try
        {
            var decoded = Convert.FromBase64String(data.Replace(' ', '+'));
            return IsGzip(decoded) ? gzip(decoded) : decoded;
        }
        catch (FormatException)
        {
            throw new PosthogRejected(400, "invalid_base64", "data= is neither JSON nor base64.");
        }
    }

    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>
    /// Inflates one complete gzip member under a cap. A member cut short, with a wrong size or CRC, or larger than the
    /// cap is refused; the trailer's stated size is checked first, so a bomb announcing itself is never inflated.
    /// </summary>
    public static byte[] Gunzip(ReadOnlySpan<byte> gzip, long max)
    {
        if (gzip.Length < 18 || !IsGzip(gzip)) throw new PosthogRejected(400, "invalid_gzip", "The gzip data is cut short.");
        var stated = BinaryPrimitives.ReadUInt32LittleEndian(gzip[^4..]);
        if (stated > max) throw new PosthogRejected(413, "decompressed_too_large", $"The body is larger than {max} bytes once inflated.");
        var output = new MemoryStream((int)Math.Min(stated, max));
        try
        {
            using var inflate = new GZipStream(new MemoryStream(gzip.ToArray()), CompressionMode.Decompress);
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = inflate.Read(chunk)) > 0)
            {
                if (output.Length + read > max)
                    throw new PosthogRejected(413, "decompressed_too_large", $"The body is larger than {max} bytes once inflated.");
                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new PosthogRejected(400, "invalid_gzip", $"The gzip data is damaged: {e.Message}");
        }
        // A stream cut before its trailer may end without an error; its stated size then does not match.
        if ((uint)output.Length != stated) throw new PosthogRejected(400, "invalid_gzip", "The gzip data is cut short or damaged.");
        return output.ToArray();
    }
}

/// <summary>The caps of our own SDK's bodies (the "Ingestion" configuration section), read for posthog-js's bodies.</summary>
internal sealed record PosthogLimits(long MaxBodyBytes, long MaxDecompressedBytes)
{
    public static PosthogLimits From(IConfiguration configuration) => new(
        configuration.GetValue<long?>("Ingestion:MaxBodyBytes") ?? 8 * 1024 * 1024,
        configuration.GetValue<long?>("Ingestion:MaxDecompressedBytes") ?? 48 * 1024 * 1024);
}
