using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets;

/// <summary>The layer's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Exception while processing a request from {Client}")]
    public static partial void RequestFailed(ILogger logger, string client, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Client} \"{RequestLine}\" {StatusCode}")]
    public static partial void RequestServed(ILogger logger, string client, string requestLine, int statusCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Client}: refused with {StatusCode}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string client, int statusCode, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "accepting paused: {Reason}; connections stay queued, next attempt in {PauseMilliseconds} ms")]
    public static partial void AcceptPaused(ILogger logger, string reason, double pauseMilliseconds);
}
