using System.Diagnostics;
using System.Text.Json;
using IngestBench;
using Microsoft.Data.Sqlite;

// The archive benchmark, in two phases run by bench/archive/run.sh:
//   ArchiveBench ingest  --url URL --token T --corpus DIR --server-pid PID [--replicas 4]
//   ArchiveBench measure --data DIR --server PATH [--raw-bytes N]
var options = args.Skip(1).Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
return args[0] switch
{
    "ingest" => await IngestAsync(),
    "measure" => await MeasureAsync(),
    _ => throw new ArgumentException("ingest or measure"),
};

async Task<int> IngestAsync()
{
    var corpus = Corpus.Load(options["corpus"]);
    var replicas = int.Parse(options.GetValueOrDefault("replicas", "4"));
    var sessions = Load.Prepare(corpus, replicas, options["token"], DateTime.UtcNow.ToString("HHmmss"));
    using var http = new HttpClient { BaseAddress = new Uri(options["url"]), Timeout = TimeSpan.FromMinutes(5) };
    using var memory = new MemorySampler(int.Parse(options["server-pid"]));
    var (result, acknowledged) = await Load.RunAsync("ingest", http, "/ingest/batch", sessions, 8, memory);
    var raw = acknowledged.Sum(b => b.RawRrwebBytes);
    Console.WriteLine($"ingested {acknowledged.Count} batches of {sessions.Count} sessions ({replicas} copies of the corpus): {raw} bytes of raw rrweb JSON");
    await File.WriteAllTextAsync(options["raw-out"], raw.ToString());
    return acknowledged.Count == sessions.Sum(s => s.Count) ? 0 : 1;
}

async Task<int> MeasureAsync()
{
    var data = options["data"];
    var raw = long.Parse(await File.ReadAllTextAsync(options["raw-in"]));
    // The baseline's bytes are exactly the hot chunks' bytes, in one file on the same disk.
    var source = Path.Combine(data, "copy-source.bin");
    long hotBytes = 0, chunks = 0;
    await using (var db = new SqliteConnection($"Data Source={Path.Combine(data, "recordings.db")};Mode=ReadOnly;Pooling=False"))
    await using (var file = File.Create(source))
    {
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT GzipData FROM snapshot_chunks";
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var bytes = (byte[])reader[0];
            await file.WriteAsync(bytes);
            hotBytes += bytes.Length;
            chunks++;
        }
        file.Flush(flushToDisk: true);
    }

    // Copy, archive, copy: the two copies bracket the archive run so a change in the machine's load shows.
    var copyBefore = PlainCopy(source, Path.Combine(data, "copy-1.bin"));
    var run = await ArchiveAsync(options["server"], data);
    var copyAfter = PlainCopy(source, Path.Combine(data, "copy-2.bin"));
    var counts = run.GetProperty("counts");
    var moved = counts.GetProperty("bytes_moved").GetInt64();
    var seconds = run.GetProperty("duration_ms").GetDouble() / 1000;
    var archiveMBs = moved / 1e6 / seconds;
    var copyMBs = (copyBefore + copyAfter) / 2;
    long coldBytes = Directory.EnumerateFiles(Path.Combine(data, "cold"), "*.seg", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    Console.WriteLine();
    Console.WriteLine($"hot chunks: {chunks}, {hotBytes / 1e6:F1} MB; moved: {moved / 1e6:F1} MB into {counts.GetProperty("segments_written").GetInt64()} segment files in {seconds:F2} s");
    Console.WriteLine("| measure | value | target |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| archive job, hot → cold (read chunks, write, flush files, rename, flush directories, read back + checksum, commit index, delete hot rows) | {archiveMBs:F1} MB/s | |");
    Console.WriteLine($"| plain copy of the same bytes on the same disk (read, write, fsync), mean of before/after | {copyMBs:F1} MB/s ({copyBefore:F1} / {copyAfter:F1}) | |");
    Console.WriteLine($"| archive / plain copy | {archiveMBs / copyMBs:F2} | ≥ 0.70 {(archiveMBs / copyMBs >= 0.7 ? "MET" : "NOT MET")} |");
    Console.WriteLine($"| cold bytes stored per byte of raw rrweb JSON | {(double)coldBytes / raw:F3} ({coldBytes / 1e6:F1} MB / {raw / 1e6:F1} MB) | ≤ 0.15 {((double)coldBytes / raw <= 0.15 ? "MET" : "NOT MET")} |");
    return moved == hotBytes ? 0 : 1;
}

static double PlainCopy(string source, string target)
{
    var watch = Stopwatch.StartNew();
    long bytes = 0;
    using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
    using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
    {
        var buffer = new byte[1 << 16];
        for (int n; (n = input.Read(buffer)) > 0; bytes += n) output.Write(buffer, 0, n);
        output.Flush(flushToDisk: true);
    }
    var mbs = bytes / 1e6 / watch.Elapsed.TotalSeconds;
    File.Delete(target);
    return mbs;
}

static async Task<JsonElement> ArchiveAsync(string server, string data)
{
    var start = new ProcessStartInfo(server) { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in new[] { "jobs", "run", "archive-snapshots", "--DataDirectory", data, "--Storage:ColdAfterSeconds", "0", "--Storage:SegmentsPerRun", "100000" })
        start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    Console.WriteLine(output.Trim());
    return JsonDocument.Parse(output).RootElement.Clone();
}
