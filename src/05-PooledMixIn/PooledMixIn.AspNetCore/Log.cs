using System.Net;
using Microsoft.Extensions.Logging;

namespace PooledMixIn.AspNetCore;

/// <summary>The server's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "The pool's serving loop failed; the server stops")]
    public static partial void ServingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Connection {ConnectionId}, request {TraceIdentifier}: an unhandled exception was thrown by the application")]
    public static partial void ApplicationError(ILogger logger, string connectionId, string traceIdentifier, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Connection {ConnectionId}, request {TraceIdentifier}: the response declared Content-Length {Declared} but the application wrote {Written} bytes; the connection is aborted")]
    public static partial void ResponseTooShort(ILogger logger, string connectionId, string traceIdentifier, long declared, long written);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Connection {ConnectionId}, request {TraceIdentifier}: an OnCompleted callback failed")]
    public static partial void OnCompletedFailed(ILogger logger, string connectionId, string traceIdentifier, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "The connection from {Client} was reset: the application aborted its request")]
    public static partial void ConnectionReset(ILogger logger, EndPoint? client);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Connection {ConnectionId}, request {TraceIdentifier}: the request was aborted, and the application then ended with the exception that follows from it")]
    public static partial void AbortedRequestEnded(ILogger logger, string connectionId, string traceIdentifier, Exception exception);
}
