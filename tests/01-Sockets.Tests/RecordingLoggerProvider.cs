using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets.Tests;

/// <summary>A logger provider that keeps every entry it is given, with its category, level and event id.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Waits (bounded) until an entry matches: a server logs some events after the client has its answer.</summary>
    public LogEntry WaitFor(Func<LogEntry, bool> predicate)
    {
        var deadline = DateTime.UtcNow + PooledMixIn.TestSupport.TestTimeouts.Operation;
        lock (_entries)
        {
            while (true)
            {
                if (_entries.FirstOrDefault(predicate) is { } entry)
                {
                    return entry;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_entries, left))
                {
                    throw new TimeoutException($"No such log entry; logged: {string.Join("; ", _entries)}");
                }
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
            Monitor.PulseAll(_entries);
        }
    }

    private sealed class Logger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception)));
    }
}
