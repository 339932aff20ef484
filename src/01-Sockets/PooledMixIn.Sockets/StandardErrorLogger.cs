using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets;

/// <summary>
/// A logger of the default <see cref="StandardErrorLoggerFactory"/>: warnings and errors, one line each on standard
/// error, with the process id (workers are processes too) and the category.
/// </summary>
internal sealed class StandardErrorLogger(string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = exception is null ? formatter(state, exception) : $"{formatter(state, exception)}{Environment.NewLine}{exception}";
        Console.Error.WriteLine($"[{Environment.ProcessId}] {logLevel} {category}: {line}");
    }
}
