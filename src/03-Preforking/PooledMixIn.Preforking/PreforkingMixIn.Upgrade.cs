using System.Diagnostics;

namespace PooledMixIn.Preforking;

/// <summary>The zero-downtime upgrade (SIGUSR2) and the pid file that lets an operator find each server.</summary>
public partial class PreforkingMixIn
{
    #region upgrade-entry
    /// <summary>
    /// In the server process: starts the program on disk again as a new server process that inherits the listening
    /// socket instead of binding it (SIGUSR2 does this), and moves the <see cref="PidFile"/> to <c>PidFile.oldbin</c>.
    /// The new server starts its own workers and writes <see cref="PidFile"/> once they serve; from then on both pools
    /// take connections from the one kernel queue. The operator then stops this server with SIGTERM: its workers
    /// finish their requests, and since the new server holds the socket, nothing queued is refused or reset. If the
    /// new server exits while this one still runs, the pid file moves back. Supports one process-based server per
    /// program (the new server adopts the socket of the server with the same creation order).
    /// </summary>
    /// <returns>Whether a new server was started; <see langword="false"/> before the pool starts, in a worker, while
    /// the pool stops, or while an earlier new server still runs.</returns>
    public bool Upgrade()
    {
        lock (_poolLock)
        {
            if (_worker is not null || _supervisor is null || _poolStopped || _successor is { HasExited: false })
            {
                return false;
            }

            _pidFile?.MoveToOldBinary();
            try
            {
                _successor = ServerUpgrade.StartNewServer(Server.Socket, _serverOrdinal);
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Log.UpgradeFailed(SupervisorLogger, exception);
                _pidFile?.RestoreFromOldBinary();
                return false;
            }

            var successor = _successor;
            successor.Exited += (_, _) => OnSuccessorExited(successor);
            Log.UpgradeStarted(SupervisorLogger, successor.Id, Environment.ProcessId);
            return true;
        }
    }
    #endregion

    private void OnSuccessorExited(Process successor)
    {
        lock (_poolLock)
        {
            if (!ReferenceEquals(successor, _successor) || _poolStopped)
            {
                return;
            }

            Log.UpgradeEnded(SupervisorLogger, successor.Id, successor.ExitCode);
            _pidFile?.RestoreFromOldBinary();
        }
    }
}
