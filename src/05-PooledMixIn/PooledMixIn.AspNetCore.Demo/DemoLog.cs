namespace PooledMixIn.AspNetCore.Demo;

/// <summary>The sample's log lines, which tests wait for.</summary>
internal static partial class DemoLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "sleep {Milliseconds} ms begins")]
    public static partial void SleepBegins(ILogger logger, int milliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "wait {Milliseconds} ms begins")]
    public static partial void WaitBegins(ILogger logger, int milliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "wait {Milliseconds} ms aborted: the client left")]
    public static partial void WaitAborted(ILogger logger, int milliseconds);
}
