using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Web.Hosting;

/// <summary>
/// Our stand-in for MiniProfiler (not obtainable here): every response carries a <c>Server-Timing</c> header with
/// the request's total time and the count and time of its database commands across all modules, which browser
/// developer tools show per request. The same figures are tagged on the request's <see cref="Activity"/>, so an
/// OpenTelemetry or dotnet-trace listener sees them too.
/// </summary>
internal sealed class RequestProfiling(RequestDelegate next)
{
    private static readonly AsyncLocal<DatabaseTime?> Current = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var db = new DatabaseTime();
        Current.Value = db;
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var dbMs = db.Elapsed.TotalMilliseconds;
            context.Response.Headers["Server-Timing"] =
                $"app;dur={total:0.0}, db;dur={dbMs:0.0};desc=\"{db.Commands} database commands\"";
            Activity.Current?.SetTag("db.commands", db.Commands).SetTag("db.duration_ms", dbMs);
            return Task.CompletedTask;
        });
        await next(context);
    }

    /// <summary>Adds each command's duration to the request it runs for (none outside a request).</summary>
    internal sealed class CommandTimer : DbCommandInterceptor
    {
        public static CommandTimer Instance { get; } = new();

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
            Record(eventData, result);
        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken ct = default) =>
            ValueTask.FromResult(Record(eventData, result));
        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Record(eventData, result);
        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default) =>
            ValueTask.FromResult(Record(eventData, result));
        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Record(eventData, result);
        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken ct = default) =>
            ValueTask.FromResult(Record(eventData, result));

        private static T Record<T>(CommandExecutedEventData data, T result)
        {
            Current.Value?.Add(data.Duration);
            return result;
        }
    }

    private sealed class DatabaseTime
    {
        private long ticks;
        private int commands;
        public int Commands => commands;
        public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref ticks));

        public void Add(TimeSpan duration)
        {
            Interlocked.Add(ref ticks, duration.Ticks);
            Interlocked.Increment(ref commands);
        }
    }
}
