using System.Buffers.Binary;
using System.IO.Compression;
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
    private const int SmallMember = 64;

    private long remaining = limits.MaxDecompressedBytes;
    private readonly List<(byte[] Member, byte[] Inflated)> small = [];

    /// <param name="literal">The JSON string token as sent, quotes included (the request's reader has checked it).</param>
    public void InflateInto(ReadOnlySpan<byte> literal, BodyBytes into, long cap)
    {
        var text = literal[1..^1];
        var bytes = memory.Rent(Math.Max(1, text.Length));
        try
        {
            Gunzip(bytes, ToBytes(text, bytes), into, cap);
        }
        finally
        {
            memory.Return(bytes);
        }
    }

    /// <summary>
    /// The characters of a JSON string's raw text as bytes, each U+00FF or below: its escapes decoded and its UTF-8 read
    /// in one pass. Written out because the reader's own unescaping, a second validation of text already checked, took
    /// a tenth of the request's CPU (docs/benchmarks.md).
    /// </summary>
    private static int ToBytes(ReadOnlySpan<byte> text, Span<byte> bytes)
    {
        var written = 0;
        var digits = HexDigits;
        for (var i = 0; i < text.Length;)
        {
            var b = text[i];
            if (b < 0x80 && b != (byte)'\\')
            {
                bytes[written++] = b;
                i++;
            }
            else if ((b & 0xFE) == 0xC2 && i + 1 < text.Length)
            {
                bytes[written++] = (byte)(((b & 0x03) << 6) | (text[i + 1] & 0x3F));
                i += 2;
            }
            else if (b == (byte)'\\' && i + 1 < text.Length)
            {
                var escaped = text[i + 1];
                if (escaped == (byte)'u')
                {
                    // Only \u00XX can be a byte; anything else (or a bad digit) is refused. A table, not a function per
                    // digit: posthog-js's byte strings escape every control byte, an eighth of them, and the call was
                    // 4 % of the whole /s/ request's CPU (perf, bench/ingest, 2026-12-04).
                    if (i + 5 >= text.Length || text[i + 2] != (byte)'0' || text[i + 3] != (byte)'0') throw NotBytes();
                    int high = digits[text[i + 4]], low = digits[text[i + 5]];
                    if ((high | low) < 0) throw NotBytes();
                    bytes[written++] = (byte)(high << 4 | low);
                    i += 6;
                    continue;
                }
                bytes[written++] = escaped switch
                {
                    (byte)'n' => (byte)'\n', (byte)'r' => (byte)'\r', (byte)'t' => (byte)'\t', (byte)'b' => (byte)'\b', (byte)'f' => (byte)'\f',
                    (byte)'"' or (byte)'\\' or (byte)'/' => escaped,
                    _ => throw NotBytes(),
                };
                i += 2;
            }
            else throw NotBytes();
        }
        return written;
    }

    /// <summary>Each byte's value as a hexadecimal digit, or -1.</summary>
    private static readonly sbyte[] HexDigits = Enumerable.Range(0, 256)
        .Select(d => (sbyte)(d is >= '0' and <= '9' ? d - '0' : (d | 0x20) is >= 'a' and <= 'f' ? (d | 0x20) - 'a' + 10 : -1)).ToArray();

    private static IngestionRejected NotBytes() =>
        new(IngestionRefusal.Invalid, "invalid_gzip", "A compressed rrweb field is not a byte string.");

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
        // A small member seen before in this request (a mutation's empty lists, most of its fields) is not inflated
        // again: setting up an inflater cost more than inflating it. Its header (mtime aside) must hold no optional fields.
        var cacheable = length <= SmallMember && gzip[2] == 8 && gzip[3] == 0;
        if (cacheable)
            foreach (var (member, inflated) in small)
                if (gzip[10..].SequenceEqual(member))
                {
                    Write(into, inflated, cap);
                    remaining -= inflated.Length;
                    return;
                }
        var start = into.Length;
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
        if (cacheable && small.Count < 16) small.Add((gzip[10..].ToArray(), into.Memory.Span[start..].ToArray()));
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
