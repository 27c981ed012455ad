using Modules.Recordings.Contracts;
using System.Buffers;
using Microsoft.Extensions.Options;

namespace Modules.Recordings.Ingestion;

/// <summary>
/// The memory every ingestion request holds for its body, as sent and inflated, counted across all requests: past
/// <see cref="IngestionLimits.MaxBufferedBytes"/> in total a request is answered 503 + Retry-After instead of growing
/// the process. Each request is held to its own caps as well. Buffers up to 1 MB (every honest batch of the SDK) come
/// from the shared pool; larger ones are left to the GC, because the shared pool keeps returned arrays per thread and
/// per core, and a few bombs inflated up to the cap by different threads made it hold hundreds of MB (measured).
/// </summary>
internal sealed class BodyMemory(IOptions<IngestionLimits> options)
{
    private readonly long most = options.Value.MaxBufferedBytes;
    private long held;

    public long Held => Interlocked.Read(ref held);

    private const int MostPooled = 1024 * 1024;

    /// <summary>The size of the pieces gzip is inflated into (small-object heap).</summary>
    public const int PieceSize = 64 * 1024;

    // Pieces are kept here for the next request rather than left to the GC: a bomb that lies about its size inflates
    // to the cap in pieces, and under the server GC their garbage grew the process by 400 MB (measured). At most what
    // was in use at once is kept, which the total bound caps.
    private readonly System.Collections.Concurrent.ConcurrentBag<byte[]> pieces = [];

    public byte[] RentPiece()
    {
        if (!pieces.TryTake(out var piece)) return Rent(PieceSize);
        Interlocked.Add(ref held, piece.Length);
        if (Interlocked.Read(ref held) <= most) return piece;
        ReturnPiece(piece);
        throw Overloaded();
    }

    public void ReturnPiece(byte[] piece)
    {
        Interlocked.Add(ref held, -piece.Length);
        pieces.Add(piece);
    }

    public byte[] Rent(int size)
    {
        var array = size <= MostPooled ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);
        if (Interlocked.Add(ref held, array.Length) <= most) return array;
        Return(array);
        throw Overloaded();
    }

    private static IngestionRejected Overloaded() => new(IngestionRefusal.Overloaded, "overloaded",
        "The server is holding too many request bodies right now. Retry after the time in Retry-After.") { RetryAfter = TimeSpan.FromSeconds(2) };

    public void Return(byte[] array)
    {
        Interlocked.Add(ref held, -array.Length);
        if (array.Length <= MostPooled) ArrayPool<byte>.Shared.Return(array);
    }
}

/// <summary>Bytes in a pooled buffer that grows as data arrives (never sized from what a client claims).</summary>
internal sealed class BodyBytes : IDisposable
{
    private const int FirstSize = 16 * 1024;
    private readonly BodyMemory? memory;
    private byte[] array;
    private readonly ReadOnlyMemory<byte> view;

    public BodyBytes(BodyMemory memory)
    {
        this.memory = memory;
        array = [];
    }

    /// <summary>Bytes this does not own (a body that was not compressed): disposing it returns nothing.</summary>
    private BodyBytes(ReadOnlyMemory<byte> view)
    {
        array = [];
        this.view = view;
    }

    public static BodyBytes Of(ReadOnlyMemory<byte> bytes) => new(bytes);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => memory is null ? view : array.AsMemory(0, Length);

    /// <summary>Room for at least one more byte, growing the buffer (at most to <paramref name="cap"/> bytes in all).</summary>
    public Memory<byte> Free(long cap)
    {
        if (Length == array.Length)
        {
            var size = (int)Math.Min(cap, Math.Max(FirstSize, (long)array.Length * 2));
            if (size <= Length) throw new InvalidOperationException("The buffer is at its cap.");
            var bigger = memory!.Rent(size);
            array.AsSpan(0, Length).CopyTo(bigger);
            if (array.Length > 0) memory.Return(array);
            array = bigger;
        }
        return array.AsMemory(Length, (int)Math.Min(array.Length, cap) - Length);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Fills an empty buffer with exactly these pieces, in one array of their total size.</summary>
    public void Fill(IReadOnlyList<(byte[] Array, int Count)> pieces, int total)
    {
        if (total == 0) return;
        array = memory!.Rent(total);
        foreach (var (piece, count) in pieces)
        {
            piece.AsSpan(0, count).CopyTo(array.AsSpan(Length));
            Length += count;
        }
    }

    public void Dispose()
    {
        if (memory is null || array.Length == 0) return;
        memory.Return(array);
        array = [];
    }
}
