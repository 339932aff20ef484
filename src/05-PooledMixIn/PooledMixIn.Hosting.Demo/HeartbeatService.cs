using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PooledMixIn.Hosting.Demo;

/// <summary>
/// Stands for an application's background work (a cache refresher, a queue consumer): it says where it runs, so
/// the rule can be seen: the server process runs it once, and the workers do not run it at all.
/// </summary>
internal sealed partial class HeartbeatService(ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(logger, Environment.ProcessId);
        return Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Heartbeat service started in pid {Pid}")]
        public static partial void Started(ILogger logger, int pid);
    }
}
