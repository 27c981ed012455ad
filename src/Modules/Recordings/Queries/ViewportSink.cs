using System.Text;

namespace Modules.Recordings.Queries;

/// <summary>
/// A write-only stream that snapshot data is streamed into, line by line, until the first rrweb meta event shows the
/// viewport; then it stops the copy (throws <see cref="Found"/>), so a long cold segment is not read to its end.
/// </summary>
internal sealed class ViewportSink : Stream
{
    private const int MaxLineBytes = 64 * 1024 * 1024;
    private readonly MemoryStream line = new();

    public sealed class Found : Exception;

    public (int Width, int Height)? Viewport { get; private set; }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var end = buffer.IndexOf((byte)'\n');
            if (end < 0)
            {
                // A full snapshot can be megabytes; it never holds the size, so only its start is kept.
                if (line.Length < MaxLineBytes) line.Write(buffer);
                return;
            }
            line.Write(buffer[..end]);
            buffer = buffer[(end + 1)..];
            Viewport = ViewportReader.FromLine(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length));
            line.SetLength(0);
            if (Viewport is not null) throw new Found();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
