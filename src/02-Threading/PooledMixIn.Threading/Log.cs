using Microsoft.Extensions.Logging;

namespace PooledMixIn.Threading;

/// <summary>The layer's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Warning,
        Message = "Closing the server: {Count} request thread(s) still running after {Timeout}; not waiting for them any longer")]
    public static partial void CloseTimedOut(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error,
        Message = "Reporting or closing a request from {Client} failed; the request thread carries on")]
    public static partial void RequestCleanupFailed(ILogger logger, string client, Exception exception);
}
