using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Recordings.Tests.Hostile;

/// <summary>Every log entry at Error or above, or carrying an exception: what an operator would read as a fault.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Faults { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error || exception is not null)
                owner.Faults.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
