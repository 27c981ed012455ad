using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Reads a request body into memory under the limits: the raw body up to <see cref="IngestionLimits.MaxBodyBytes"/>,
/// and gzip inflated as a stream that stops at <see cref="IngestionLimits.MaxDecompressedBytes"/>, so a small bomb
/// never costs more memory than an honest large batch.
/// </summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(
        Stream body, string? contentEncoding, long? contentLength, IngestionLimits limits, CancellationToken ct)
    {
        if (contentLength > limits.MaxBodyBytes)
            throw new IngestionRejected(413, "payload_too_large", $"The body is larger than {limits.MaxBodyBytes} bytes.");
        var raw = await ReadCappedAsync(body, limits.MaxBodyBytes, "payload_too_large", ct);
        var encoding = contentEncoding?.Trim().ToLowerInvariant();
        if (encoding is not (null or "" or "identity" or "gzip"))
            throw new IngestionRejected(415, "unsupported_encoding", "Only gzip (or no) Content-Encoding is accepted.");
        // sendBeacon cannot set Content-Encoding, so a body that starts with gzip's magic bytes is gzip too.
        var isGzip = encoding == "gzip" || (raw.Length >= 2 && raw.Span[0] == 0x1f && raw.Span[1] == 0x8b);
        if (!isGzip) return raw;
        try
        {
            MemoryMarshal.TryGetArray(raw, out var segment);
            await using var gzip = new GZipStream(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), CompressionMode.Decompress);
            return await ReadCappedAsync(gzip, limits.MaxDecompressedBytes, "decompressed_too_large", ct);
        }
        catch (InvalidDataException)
        {
            throw new IngestionRejected(400, "invalid_gzip", "The body is not valid gzip.");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(Stream source, long cap, string code, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > cap)
                    throw new IngestionRejected(413, code, $"The body is larger than {cap} bytes{(code == "payload_too_large" ? "" : " once decompressed")}.");
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
