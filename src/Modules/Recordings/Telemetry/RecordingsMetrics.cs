using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modules.Recordings.Contracts;
using Modules.Recordings.Ingestion;
using Modules.Recordings.Storage;

namespace Modules.Recordings.Telemetry;

/// <summary>
/// The module's instruments (meter <see cref="RecordingsModule.MeterName"/>); each call site is one line. Instruments
/// cost nothing measurable while nobody listens; the storage gauges query the database only when collected, at most
/// once a minute (<c>Storage:MetricsRefreshSeconds</c>).
/// </summary>
internal sealed class RecordingsMetrics
{
    private readonly Counter<long> batches, bytes, rejections;
    private readonly Histogram<double> commit, jobRuns;
    private readonly Cached<IReadOnlyList<EnvironmentStorage>> storage;

    public RecordingsMetrics(IMeterFactory meters, IngestionQueue queue, IServiceScopeFactory scopes, IOptions<StorageOptions> options)
    {
        var meter = meters.Create(RecordingsModule.MeterName);
        batches = meter.CreateCounter<long>("recordings.ingest.batches", "{batch}", "Batches stored (acknowledged).");
        bytes = meter.CreateCounter<long>("recordings.ingest.body", "By", "Request body bytes of stored batches, as sent.");
        rejections = meter.CreateCounter<long>("recordings.ingest.rejections", "{request}", "Ingestion requests refused, by reason (the error code).");
        meter.CreateObservableGauge("recordings.ingest.queue.depth", () => queue.Depth, "{batch}", "Batches waiting for the writer.");
        commit = meter.CreateHistogram<double>("recordings.writer.commit.duration", "s", "One writer transaction: storing a group of batches and committing.");
        jobRuns = meter.CreateHistogram<double>("recordings.storage.job.duration", "s", "Archive and retention runs, by job and outcome.");
        storage = new(TimeSpan.FromSeconds(options.Value.MetricsRefreshSeconds), () =>
        {
            using var scope = scopes.CreateScope();
            return scope.ServiceProvider.GetRequiredService<StorageOverviewQuery>().GetAsync(CancellationToken.None).GetAwaiter().GetResult().Environments;
        });
        meter.CreateObservableGauge("recordings.storage.hot", () => storage.Get().Select(e => Tagged(e.HotBytes, e.EnvironmentId)), "By", "Hot (database) snapshot bytes per environment.");
        meter.CreateObservableGauge("recordings.storage.cold", () => storage.Get().Select(e => Tagged(e.ColdBytes, e.EnvironmentId)), "By", "Cold (segment file) snapshot bytes per environment.");
    }

    public void BatchStored(long bodyBytes)
    {
        batches.Add(1);
        bytes.Add(bodyBytes);
    }

    public void Rejected(string reason) => rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void WriterCommitted(TimeSpan elapsed) => commit.Record(elapsed.TotalSeconds);

    public void JobRun(StorageJobRun run) => jobRuns.Record((run.FinishedAt - run.StartedAt).TotalSeconds,
        new KeyValuePair<string, object?>("job", run.JobId), new KeyValuePair<string, object?>("outcome", run.Outcome));

    private static Measurement<long> Tagged(long value, int environmentId) => new(value, new KeyValuePair<string, object?>("environment", environmentId));
}

/// <summary>A value computed at most once per <paramref name="lifetime"/>, for gauges that would otherwise query on every scrape.</summary>
internal sealed class Cached<T>(TimeSpan lifetime, Func<T> compute)
{
    private (T Value, DateTime At)? last;

    public T Get()
    {
        lock (this)
        {
            if (last is { } l && DateTime.UtcNow - l.At < lifetime) return l.Value;
            var value = compute();
            last = (value, DateTime.UtcNow);
            return value;
        }
    }
}
