using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets;

/// <summary>
/// The default <see cref="SocketServer.Logger"/>: warnings and errors to standard error, as Python's
/// <c>handle_error</c> and <c>log_message</c> do, so a server nobody configured still says what went wrong.
/// </summary>
internal sealed class StandardErrorLogger : ILogger
{
    public static readonly StandardErrorLogger Instance = new();

    private StandardErrorLogger()
    {
    }

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
        Console.Error.WriteLine($"[{Environment.ProcessId}] {logLevel}: {line}");
    }
}
