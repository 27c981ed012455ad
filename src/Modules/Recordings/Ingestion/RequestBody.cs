using Modules.Recordings.Contracts;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// Reads a request body into memory under the limits: the raw body up to <see cref="IngestionLimits.MaxBodyBytes"/>,
/// and gzip inflated as a stream that stops at <see cref="IngestionLimits.MaxDecompressedBytes"/>, so a small bomb
/// never costs more memory than an honest large batch. Buffers grow as bytes actually arrive or inflate (gzip's
/// trailer states a size, but a client can write anything there) and are pooled and counted by <see cref="BodyMemory"/>.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body as sent: network I/O only, so it is done before taking a CPU slot.</summary>
    public static async Task<BodyBytes> ReadRawAsync(Stream body, long? contentLength, IngestionLimits limits, BodyMemory memory, CancellationToken ct)
    {
        if (contentLength > limits.MaxBodyBytes)
            throw new IngestionRejected(IngestionRefusal.TooLarge, "payload_too_large", $"The body is larger than {limits.MaxBodyBytes} bytes.");
        var buffer = new BodyBytes(memory);
        try
        {
            int read;
            while ((read = await ReadAsync(body, buffer.Free(limits.MaxBodyBytes + 1), ct)) > 0)
            {
                buffer.Advance(read);
                if (buffer.Length > limits.MaxBodyBytes)
                    throw new IngestionRejected(IngestionRefusal.TooLarge, "payload_too_large", $"The body is larger than {limits.MaxBodyBytes} bytes.");
            }
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A body that ends before its Content-Length or arrives too slowly is the client's fault, not the storage's:
    /// Kestrel reports it as <see cref="BadHttpRequestException"/> (an <see cref="IOException"/>), answered 400 or 408
    /// (and not as the storage failure other I/O errors of ingestion are).
    /// </summary>
    private static async ValueTask<int> ReadAsync(Stream body, Memory<byte> into, CancellationToken ct)
    {
        try
        {
            return await body.ReadAsync(into, ct);
        }
        catch (IOException e)
        {
            // Only the network is read here (never the disk): whatever fails is the client's connection or body.
            throw e is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout }
                ? new IngestionRejected(IngestionRefusal.Timeout, "request_timeout", "The body arrived too slowly.")
                : new IngestionRejected(IngestionRefusal.Invalid, "incomplete_body", "The body ended before its Content-Length, or could not be read.");
        }
    }

    /// <param name="cap">The most bytes it may inflate to; <see cref="IngestionLimits.MaxDecompressedBytes"/> by default.</param>
    public static BodyBytes Inflate(ReadOnlyMemory<byte> raw, string? contentEncoding, IngestionLimits limits, BodyMemory memory, long? cap = null)
    {
        var most = cap ?? limits.MaxDecompressedBytes;
        var encoding = contentEncoding?.Trim().ToLowerInvariant();
        if (encoding is not (null or "" or "identity" or "gzip"))
            throw new IngestionRejected(IngestionRefusal.UnsupportedEncoding, "unsupported_encoding", "Only gzip (or no) Content-Encoding is accepted.");
        // sendBeacon cannot set Content-Encoding, so a body that starts with gzip's magic bytes is gzip too.
        if (encoding != "gzip" && !IsGzip(raw)) return BodyBytes.Of(raw);
        var inflated = new BodyBytes(memory);
        try
        {
            InflateOneMember(raw, inflated, most + Sentinel.Content.Length, memory, limits);
            return inflated;
        }
        catch
        {
            inflated.Dispose();
            throw;
        }
    }

    /// <summary>
    /// .NET's GZipStream inflates a member cut before its trailer, and skips whatever follows a member, without a word;
    /// stored, such bytes break every later reader. So the body is inflated with a member of random content appended:
    /// only when that content comes out last did the body end exactly where a member (trailer checked) ends; and the
    /// body's last four bytes, its trailer's size field, must state what it inflated to, which a second member would not.
    /// </summary>
    private static void InflateOneMember(ReadOnlyMemory<byte> raw, BodyBytes inflated, long most, BodyMemory memory, IngestionLimits limits)
    {
        // The trailer's size field is never used to size anything, but it is a bound: a whole member inflates to exactly
        // that size (mod 4 GiB), so one that states more than the cap is refused before inflating, and one that inflates
        // past what it states is refused there. Only a member that lies about its size inflates to the cap.
        var stated = raw.Length >= 18 ? BitConverter.ToUInt32(raw.Span[^4..]) : 0;
        if (stated + Sentinel.Content.Length > most)
            throw new IngestionRejected(IngestionRefusal.TooLarge, "decompressed_too_large", $"The body is larger than {limits.MaxDecompressedBytes} bytes once decompressed.");
        var input = memory.Rent(raw.Length + Sentinel.Member.Length);
        // Inflated into small pieces first and joined only once the member proved whole and under the cap: a bomb then
        // costs small, pooled pieces up to the cap, never a large array.
        var pieces = new List<(byte[] Array, int Count)>();
        long total = 0;
        try
        {
            raw.Span.CopyTo(input);
            Sentinel.Member.CopyTo(input.AsSpan(raw.Length));
            using var gzip = new GZipStream(new MemoryStream(input, 0, raw.Length + Sentinel.Member.Length, writable: false), CompressionMode.Decompress);
            while (true)
            {
                if (pieces.Count == 0 || pieces[^1].Count == BodyMemory.PieceSize) pieces.Add((memory.RentPiece(), 0));
                var (piece, count) = pieces[^1];
                var read = gzip.Read(piece, count, BodyMemory.PieceSize - count);
                if (read == 0) break;
                pieces[^1] = (piece, count + read);
                total += read;
                if (total > most)
                    throw new IngestionRejected(IngestionRefusal.TooLarge, "decompressed_too_large", $"The body is larger than {limits.MaxDecompressedBytes} bytes once decompressed.");
                if (total > stated + Sentinel.Content.Length) throw NotOneMember();
            }
            inflated.Fill(pieces, (int)total);
        }
        catch (InvalidDataException)
        {
            throw NotOneMember();
        }
        finally
        {
            memory.Return(input);
            foreach (var (piece, _) in pieces) memory.ReturnPiece(piece);
        }
        var bytes = inflated.Memory.Span;
        var size = bytes.Length - Sentinel.Content.Length;
        if (size < 0 || !bytes[size..].SequenceEqual(Sentinel.Content) || raw.Length < 18
            || BitConverter.ToUInt32(raw.Span[^4..]) != (uint)size)
            throw NotOneMember();
        inflated.Advance(-Sentinel.Content.Length);
    }

    private static IngestionRejected NotOneMember() =>
        new(IngestionRefusal.Invalid, "invalid_gzip", "The body is not valid gzip: one complete member (with its trailer, and nothing after it) is expected.");

    /// <summary>Starts with gzip's magic bytes.</summary>
    public static bool IsGzip(ReadOnlyMemory<byte> bytes) => bytes.Length >= 2 && bytes.Span[0] == 0x1f && bytes.Span[1] == 0x8b;

    /// <summary>Random per process, so no body can end with it by design.</summary>
    private static class Sentinel
    {
        public static readonly byte[] Content = RandomNumberGenerator.GetBytes(16);
        public static readonly byte[] Member = Compress(Content);

        private static byte[] Compress(byte[] content)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
            return output.ToArray();
        }
    }
}
