using Modules.Recordings.Data;
using Modules.Recordings.Jobs;

namespace Modules.Recordings.Storage;

/// <summary>
/// Writes a group of segment files the crash-safe way: each segment's chunks (gzip members, unchanged) go from the
/// segment buffer to a temporary file in one write; then all the files are flushed together, renamed into place, their
/// directories flushed together, and each file is read back and checked against its checksum. Only then may the
/// group's index rows be committed. On Linux each of the two flushes is one <c>syncfs(2)</c> for the whole group;
/// elsewhere every file and directory is flushed, concurrently.
/// </summary>
internal sealed class ColdSegmentWriter(string coldDirectory, CrashPoints crash)
{
    public const string Extension = ".seg";
    public const string TemporaryExtension = ".tmp";

    public async Task<List<ColdSegmentRow>> WriteAsync(
        IReadOnlyList<PlannedSegment> segments, Func<PlannedSegment, SegmentBuffer, CancellationToken, Task<List<ColdChunkRow>>> load,
        SegmentBuffer buffer, long nowMs, CancellationToken ct)
    {
        var files = new List<SegmentFile>(segments.Count);
        var directories = new HashSet<string>(StringComparer.Ordinal);
        // Opened before the first write, so the flush reports any write-back error of this group's files.
        using var flush = DurableFile.BeginGroup(coldDirectory);
        try
        {
            foreach (var segment in segments)
            {
                buffer.Clear();
                var chunks = await load(segment, buffer, ct);
                files.Add(Open(segment, chunks, nowMs, directories));
                files[^1].Write(buffer.Span, crash);
            }
            flush.Files(files.Select(f => f.Stream).ToList());
            foreach (var file in files) file.Stream.Dispose();
            crash.Reached("temporary files flushed");
            foreach (var file in files)
            {
                File.Move(file.TemporaryPath, file.Path);
                crash.Reached("renamed");
            }
            flush.Directories(directories);
            crash.Reached("directories flushed");
            Verify(files, buffer);
            return files.Select(f => f.Row).ToList();
        }
        catch
        {
            // A full disk, an I/O error or a failed check: leave nothing behind; the chunks stay hot until the next run.
            foreach (var file in files)
            {
                file.Stream.Dispose();
                TryDelete(file.TemporaryPath);
                TryDelete(file.Path);
            }
            throw;
        }
    }

    // One file after another, each read whole into the segment buffer (free again once the group is written) and
    // hashed there. The first problem fails the group.
    private void Verify(List<SegmentFile> files, SegmentBuffer buffer)
    {
        foreach (var file in files)
        {
            buffer.Clear();
            buffer.Append(checked((int)file.Row.ByteLength));
            if (ColdSegmentCheck.Verify(file.Path, file.Row.ByteLength, file.Row.Checksum, buffer.Array) is { } problem)
                throw new IOException($"Segment {file.Row.BlobKey} did not read back intact: {problem}");
            crash.Reached("verified");
        }
    }

    /// <summary>Removes the files of segments whose commit failed: the index never listed them.</summary>
    public void Discard(IEnumerable<ColdSegmentRow> segments)
    {
        foreach (var segment in segments) TryDelete(Path.Combine(coldDirectory, segment.RelativePath));
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } // The sweep removes it later.
    }

    private SegmentFile Open(PlannedSegment segment, List<ColdChunkRow> chunks, long nowMs, HashSet<string> directories)
    {
        var blobKey = $"{chunks[0].FirstTimestampMs}-{Guid.NewGuid():N}";
        var started = DateTimeOffset.FromUnixTimeMilliseconds(segment.RecordingCreatedAtMs);
        var relativeDirectory = $"{segment.EnvironmentId}/{started:yyyy}/{started:MM}/{segment.RecordingId}";
        var directory = Path.Combine(coldDirectory, relativeDirectory);
        // The new directories' parents and the directory that will hold the renamed file all need flushing.
        directories.UnionWith(DurableFile.CreateDirectory(coldDirectory, directory));
        directories.Add(directory);
        var row = new ColdSegmentRow
        {
            RecordingId = segment.RecordingId, BlobKey = blobKey, RelativePath = $"{relativeDirectory}/{blobKey}{Extension}",
            StartTimestampMs = chunks.Min(c => c.FirstTimestampMs), EndTimestampMs = chunks.Max(c => c.LastTimestampMs),
            ChunkCount = chunks.Count, RawByteLength = chunks.Sum(c => c.RawByteLength), Checksum = "", CreatedAtMs = nowMs, Chunks = chunks,
        };
        var path = Path.Combine(directory, blobKey + Extension);
        // Unbuffered: the segment is already one array in memory, so the file gets it in one write, copied once.
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) file.UnixCreateMode = DurableFile.PrivateFile;
        return new SegmentFile(row, path, new FileStream(path + TemporaryExtension, file));
    }

    private sealed record SegmentFile(ColdSegmentRow Row, string Path, FileStream Stream)
    {
        public string TemporaryPath => Path + TemporaryExtension;

        public void Write(ReadOnlySpan<byte> bytes, CrashPoints crash)
        {
            var half = bytes.Length / 2;
            Stream.Write(bytes[..half]);
            crash.Reached("temporary file half written");
            Stream.Write(bytes[half..]);
            Row.ByteLength = bytes.Length;
            Row.Checksum = ColdSegmentCheck.ChecksumOf(bytes);
            crash.Reached("temporary file written");
        }
    }
}
