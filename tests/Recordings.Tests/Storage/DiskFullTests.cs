using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modules.Recordings.Contracts;
using Recordings.Tests.Capture;
using Recordings.Tests.Support;

namespace Recordings.Tests.Storage;

/// <summary>
/// The data directory on a small tmpfs mount that is then filled up: ingestion answers 503 with Retry-After, the
/// archive job fails without leaving a file, every database passes integrity_check, and once space returns the same
/// server stores again, no restart.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_full_disk_gives_503_with_retry_after_keeps_the_databases_intact_and_recovers_without_a_restart()
    {
        var mount = TempDirectory.Create("tmpfs");
        Run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount);
        try
        {
            var data = Path.Combine(mount, "data");
            // The failures it provokes are logged to a capture, not to the console: a passing run prints no stack traces.
            var log = new Hostile.LogCapture();
            await using var app = new RecordingsApp(data, StorageTestSite.Settings(), services: s =>
            {
                s.AddLogging(l => l.ClearProviders());
                s.AddSingleton<ILoggerProvider>(log);
            });
            var env = await CaptureEnvironment.CreateAsync(app);
            var ingest = new IngestClient(app.NewClient(), env.Token);
            Assert.Equal(HttpStatusCode.OK, (await ingest.SendAsync(ingest.Batch("full", 0, mouseMoves: 50))).StatusCode);

            var filler = Path.Combine(mount, "filler");
            Fill(filler);
            long sequence = 1;
            HttpResponseMessage refused;
            // The WAL may still have room for a batch or two: send until the disk is really full.
            do refused = await ingest.SendAsync(ingest.Batch("full", sequence++, mouseMoves: 400));
            while (refused.StatusCode == HttpStatusCode.OK && sequence < 200);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is set");
            Assert.Equal("storage_unavailable", (await IngestClient.BodyAsync(refused)).GetProperty("code").GetString());
            var archive = await StoredData.Module(app).Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots);
            Assert.Equal("failed", archive.Outcome);
            // Both failures reached the operator's log as errors, with their cause.
            Assert.Contains(log.Faults, f => f.Contains("IngestionWriter") && f.Contains("disk is full"));
            Assert.Contains(log.Faults, f => f.Contains("StorageJobRunner") && f.Contains("No space left on device"));

            // Checked once there is room again, before anything more is stored: opening a database whose last
            // connection has closed makes SQLite create its shared-memory file, which a full disk refuses.
            File.Delete(filler);
            StoredData.AssertIntact(data);
            Assert.Empty(StoredData.ColdFilesAgainstIndex(data).Stray);
            var retried = sequence - 1;
            await Eventually.TrueAsync(async () =>
                (await ingest.SendAsync(ingest.Batch("full", retried, mouseMoves: 400))).StatusCode == HttpStatusCode.OK, "ingestion works again");
            Assert.Equal("succeeded", (await StoredData.Module(app).Storage.RunStorageJobAsync(StorageJobIds.ArchiveSnapshots)).Outcome);
            StoredData.AssertIntact(data);
            var stored = StoredData.Query(data, "SELECT Sequence FROM cold_chunks UNION ALL SELECT Sequence FROM snapshot_chunks", r => r.GetInt64(0));
            Assert.Contains(retried, stored);
            Assert.Equal(stored.Count, stored.Distinct().Count());
        }
        finally
        {
            Run("umount", "-l", mount);
        }
    }

    private static void Fill(string path)
    {
        var block = new byte[1 << 16];
        Random.Shared.NextBytes(block);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full.
        }
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()} (the disk-full test needs root to mount a tmpfs)");
    }
}
