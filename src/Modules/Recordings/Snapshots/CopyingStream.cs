namespace Modules.Recordings.Snapshots;

/// <summary>
/// A write-only stream that passes every write on to <paramref name="destination"/> and also appends it to
/// <paramref name="copy"/>: an answer is sent as it is produced and kept at the same time. Disposing it leaves both open.
/// </summary>
internal sealed class CopyingStream(Stream destination, MemoryStream copy) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        destination.Write(buffer);
        copy.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        await destination.WriteAsync(buffer, ct);
        copy.Write(buffer.Span);
    }

    public override void Flush() => destination.Flush();
    public override Task FlushAsync(CancellationToken ct) => destination.FlushAsync(ct);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
