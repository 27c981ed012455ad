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
        Stream body, string? contentEncoding, long? contentLength, IngestionLimits limits, CancellationToken ct) =>
        Inflate(await ReadRawAsync(body, contentLength, limits, ct), contentEncoding, limits);

    /// <summary>The body as sent: network I/O only, so it is done before taking a CPU slot.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadRawAsync(Stream body, long? contentLength, IngestionLimits limits, CancellationToken ct)
    {
        if (contentLength > limits.MaxBodyBytes)
            throw new IngestionRejected(413, "payload_too_large", $"The body is larger than {limits.MaxBodyBytes} bytes.");
        return await ReadCappedAsync(body, limits.MaxBodyBytes, "payload_too_large", ct);
    }

    /// <param name="cap">The most bytes it may inflate to; <see cref="IngestionLimits.MaxDecompressedBytes"/> by default.</param>
    public static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> raw, string? contentEncoding, IngestionLimits limits, long? cap = null)
    {
        var most = cap ?? limits.MaxDecompressedBytes;
        var encoding = contentEncoding?.Trim().ToLowerInvariant();
        if (encoding is not (null or "" or "identity" or "gzip"))
            throw new IngestionRejected(415, "unsupported_encoding", "Only gzip (or no) Content-Encoding is accepted.");
        // sendBeacon cannot set Content-Encoding, so a body that starts with gzip's magic bytes is gzip too.
        if (encoding != "gzip" && !IsGzip(raw)) return raw;
        try
        {
            MemoryMarshal.TryGetArray(raw, out var segment);
            using var gzip = new GZipStream(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), CompressionMode.Decompress);
            // gzip's trailer states the inflated size (mod 4 GiB): a hint for the buffer, never trusted beyond the cap.
            var hint = raw.Length >= 4 ? BitConverter.ToUInt32(raw.Span[^4..]) : 0;
            using var inflated = new MemoryStream((int)Math.Min(hint, Math.Min(most, 64 * 1024 * 1024)));
            var chunk = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = gzip.Read(chunk)) > 0)
                {
                    if (inflated.Length + read > most)
                        throw new IngestionRejected(413, "decompressed_too_large", $"The body is larger than {limits.MaxDecompressedBytes} bytes once decompressed.");
                    inflated.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            return inflated.GetBuffer().AsMemory(0, (int)inflated.Length);
        }
        catch (InvalidDataException)
        {
            throw new IngestionRejected(400, "invalid_gzip", "The body is not valid gzip.");
        }
    }

    /// <summary>Starts with gzip's magic bytes.</summary>
    public static bool IsGzip(ReadOnlyMemory<byte> bytes) => bytes.Length >= 2 && bytes.Span[0] == 0x1f && bytes.Span[1] == 0x8b;

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
                    throw new IngestionRejected(413, code, $"The body is larger than {cap} bytes.");
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
