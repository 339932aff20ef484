using Microsoft.Extensions.Logging;

namespace PooledMixIn.Preforking;

/// <summary>The layer's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Started worker {Slot} (pid {Pid})")]
    public static partial void WorkerStarted(ILogger logger, int slot, int pid);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning,
        Message = "Worker {Slot} (pid {Pid}) exited with code {ExitCode} after {Uptime}; restarting it in {Delay}. Its last output: {Output}")]
    public static partial void WorkerExited(ILogger logger, int slot, int pid, int exitCode, TimeSpan uptime, TimeSpan delay, string output);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Could not start worker {Slot}; retrying in {Delay}")]
    public static partial void WorkerSpawnFailed(ILogger logger, int slot, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Worker pid {Pid} did not stop within {Timeout}; killing it")]
    public static partial void WorkerKilled(ILogger logger, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "A worker asked the server to shut down")]
    public static partial void ShutdownRequestedByWorker(ILogger logger);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Retiring worker {Slot} (pid {Pid}): it stops taking connections and has {GracePeriod} to finish its own")]
    public static partial void WorkerRetiring(ILogger logger, int slot, int pid, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Worker {Slot} (pid {Pid}) retired after {Uptime}")]
    public static partial void WorkerRetired(ILogger logger, int slot, int pid, TimeSpan uptime);

    [LoggerMessage(EventId = 308, Level = LogLevel.Information, Message = "Reloading: replacing every worker, one at a time")]
    public static partial void Reloading(ILogger logger);

    [LoggerMessage(EventId = 309, Level = LogLevel.Information, Message = "Reloaded: every worker replaced")]
    public static partial void Reloaded(ILogger logger);

    [LoggerMessage(EventId = 310, Level = LogLevel.Error,
        Message = "Reload stopped: the new worker {Slot} (pid {Pid}) did not become ready; the workers not yet replaced keep serving")]
    public static partial void ReloadStopped(ILogger logger, int slot, int pid);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Signal received: stopping {How}")]
    public static partial void StopSignalled(ILogger logger, string how);
}
