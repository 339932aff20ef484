namespace PooledMixIn.AspNetCore.Demo;

/// <summary>The sample's log lines, which tests wait for.</summary>
internal static partial class DemoLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "sleep {Milliseconds} ms begins")]
    public static partial void SleepBegins(ILogger logger, int milliseconds);
}
