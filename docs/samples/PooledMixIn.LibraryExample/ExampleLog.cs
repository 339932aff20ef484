using Microsoft.Extensions.Logging;

namespace PooledMixIn.LibraryExample;

/// <summary>The example's own log messages, in its own category.</summary>
internal static partial class ExampleLog
{
    /// <summary>The example's logging category, beside the library's (PooledMixIn.Access, .Server, .Supervisor, .Pool).</summary>
    public const string Category = "PooledMixIn.LibraryExample";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "listening on {Url} ({Processes} processes x {Threads} threads)")]
    public static partial void Listening(ILogger logger, string url, int processes, int threads);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "stopped after {Requests} requests and {Visits} visits")]
    public static partial void Stopped(ILogger logger, long requests, long visits);
}
