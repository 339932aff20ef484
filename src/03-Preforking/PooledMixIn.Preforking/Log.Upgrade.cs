using Microsoft.Extensions.Logging;

namespace PooledMixIn.Preforking;

/// <summary>The messages of the upgrade (SIGUSR2) and of the listener's drain, apart from the layer's others.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 320, Level = LogLevel.Information,
        Message = "Upgrading: started the program on disk as a new server (pid {Pid}) sharing the listening socket; stop this one (pid {OldPid}) with SIGTERM once the new one serves")]
    public static partial void UpgradeStarted(ILogger logger, int pid, int oldPid);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "The new server (pid {Pid}) exited with code {ExitCode}; this server keeps serving")]
    public static partial void UpgradeEnded(ILogger logger, int pid, int exitCode);

    [LoggerMessage(EventId = 322, Level = LogLevel.Error, Message = "Could not start a new server for the upgrade")]
    public static partial void UpgradeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 323, Level = LogLevel.Information, Message = "Refused {Count} connection(s) still queued when the workers had stopped")]
    public static partial void QueuedConnectionsRefused(ILogger logger, int count);

    [LoggerMessage(EventId = 324, Level = LogLevel.Warning,
        Message = "Signals ignored when this process started stay ignored in .NET, and the server will not act on them: {Signals}. nohup ignores HUP, and a non-interactive shell's background job INT and QUIT; start the server with systemd or setsid instead")]
    public static partial void SignalsIgnoredAtStart(ILogger logger, string signals);
}
