using Microsoft.Extensions.Logging;

namespace PooledMixIn;

/// <summary>The layer's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 501, Level = LogLevel.Warning,
        Message = "No pool thread acknowledged a hand-off within {Timeout}: the thread that took the token died or stalled; polling again")]
    public static partial void HandoffLost(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning,
        Message = "Thread {Slot}.{Thread} of worker pid {Pid} has been busy with {Path} for {Busy}, past the hang timeout {HangTimeout}: recycling its worker")]
    public static partial void HangDetected(ILogger logger, int slot, int thread, int pid, string path, TimeSpan busy, TimeSpan hangTimeout);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Worker {Slot} (pid {Pid}) served {Requests} connections, its limit: recycling it")]
    public static partial void MaxRequestsReached(ILogger logger, int slot, int pid, long requests);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "{Idle} idle threads, fewer than {MinSpare}: adding a worker ({Workers} serve)")]
    public static partial void Growing(ILogger logger, int idle, int minSpare, int workers);

    [LoggerMessage(EventId = 505, Level = LogLevel.Information, Message = "{Idle} idle threads, more than {MaxSpare}: retiring worker {Slot} ({Workers} serve)")]
    public static partial void Shrinking(ILogger logger, int idle, int maxSpare, int slot, int workers);
}
