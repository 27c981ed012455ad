using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Modules.Recordings.Contracts;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// A field posthog-js compressed itself (the <c>cv</c> marker): fflate's <c>strFromU8(gzipSync(json), true)</c>, one
/// character per byte of a gzip member, inside a JSON string. It is inflated straight into the line being written,
/// under what is left of the request's <see cref="IngestionLimits.MaxDecompressedBytes"/>. Whether the result is JSON
/// is left to <see cref="RrwebLines"/>, which checks the finished lines as they will be stored.
/// </summary>
internal sealed class CompressedRrwebField(IngestionLimits limits, BodyMemory memory)
{
    private long remaining = limits.MaxDecompressedBytes;

    /// <param name="literal">The JSON string token as sent, quotes included.</param>
    public void InflateInto(ReadOnlySpan<byte> literal, BodyBytes into, long cap)
    {
        var reader = new Utf8JsonReader(literal);
        reader.Read();
        var text = memory.Rent(Math.Max(1, reader.ValueSpan.Length));
        try
        {
            int length;
            if (!reader.ValueIsEscaped)
            {
                reader.ValueSpan.CopyTo(text);
                length = reader.ValueSpan.Length;
            }
            else
                try
                {
                    length = reader.CopyString(text);
                }
                catch (InvalidOperationException)
                {
                    throw IngestionRejected.Invalid("data holds an unpaired UTF-16 surrogate.");
                }
            Gunzip(text, ToBytes(text.AsSpan(0, length)), into, cap);
        }
        finally
        {
            memory.Return(text);
        }
    }

    /// <summary>The characters of valid UTF-8 text as bytes, in place; each must be U+00FF or below.</summary>
    private static int ToBytes(Span<byte> utf8)
    {
        var written = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b < 0x80) utf8[written++] = b;
            else if ((b & 0xFE) == 0xC2 && i + 1 < utf8.Length) utf8[written++] = (byte)(((b & 0x03) << 6) | (utf8[++i] & 0x3F));
            else throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_gzip", "A compressed rrweb field is not a byte string.");
        }
        return written;
    }

    /// <summary>
    /// One complete gzip member under the cap: cut short, with a wrong size or CRC, or larger than the cap is refused;
    /// the trailer's stated size is checked first, so a bomb announcing itself is never inflated.
    /// </summary>
    private void Gunzip(byte[] array, int length, BodyBytes into, long cap)
    {
        var gzip = array.AsSpan(0, length);
        if (length < 18 || gzip[0] != 0x1f || gzip[1] != 0x8b)
            throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_gzip", "The gzip data is cut short.");
        var stated = BinaryPrimitives.ReadUInt32LittleEndian(gzip[^4..]);
        if (stated > remaining) throw TooLarge();
        long total = 0;
        try
        {
            using var inflate = new GZipStream(new MemoryStream(array, 0, length, writable: false), CompressionMode.Decompress);
            while (true)
            {
                var free = Free(into, cap);
                var read = inflate.Read(free.Span);
                if (read == 0) break;
                total += read;
                if (total > remaining) throw TooLarge();
                into.Advance(read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_gzip", $"The gzip data is damaged: {e.Message}");
        }
        // A stream cut before its trailer may end without an error; its stated size then does not match.
        if ((uint)total != stated) throw new IngestionRejected(IngestionRefusal.Invalid, "invalid_gzip", "The gzip data is cut short or damaged.");
        remaining -= total;
    }

    public IngestionRejected TooLarge() =>
        new(IngestionRefusal.TooLarge, "decompressed_too_large", $"The body is larger than {limits.MaxDecompressedBytes} bytes once inflated.");

    /// <summary>Room in a growing buffer, refused past its cap.</summary>
    public Memory<byte> Free(BodyBytes buffer, long cap)
    {
        try
        {
            return buffer.Free(cap);
        }
        catch (InvalidOperationException)
        {
            throw TooLarge();
        }
    }

    public void Write(BodyBytes buffer, ReadOnlySpan<byte> data, long cap)
    {
        while (data.Length > 0)
        {
            var free = Free(buffer, cap).Span;
            var n = Math.Min(free.Length, data.Length);
            data[..n].CopyTo(free);
            buffer.Advance(n);
            data = data[n..];
        }
    }
}
