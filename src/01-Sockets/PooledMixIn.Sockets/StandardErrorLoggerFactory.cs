using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets;

/// <summary>
/// The default <see cref="SocketServer.LoggerFactory"/>: a server nobody configured still says what went wrong, on
/// standard error, as Python's <c>handle_error</c> does. An application that wants more builds its own factory
/// (<c>LoggerFactory.Create</c>) rather than adding providers to this one.
/// </summary>
internal sealed class StandardErrorLoggerFactory : ILoggerFactory
{
    public static readonly StandardErrorLoggerFactory Instance = new();

    private StandardErrorLoggerFactory()
    {
    }

    public ILogger CreateLogger(string categoryName) => new StandardErrorLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException(
        "The default logger factory writes to standard error only: give the server a factory of your own (LoggerFactory.Create).");

    public void Dispose()
    {
    }
}
