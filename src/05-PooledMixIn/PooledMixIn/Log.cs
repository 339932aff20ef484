using Microsoft.Extensions.Logging;

namespace PooledMixIn;

/// <summary>The layer's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 501, Level = LogLevel.Warning,
        Message = "No pool thread acknowledged a hand-off within {Timeout}: the thread that took the token died or stalled; polling again")]
    public static partial void HandoffLost(ILogger logger, TimeSpan timeout);
}
