using Microsoft.Extensions.Logging;

namespace PooledMixIn.Preforking;

/// <summary>The graceful reload (SIGHUP): every worker replaced by a new one, which reads the configuration afresh.</summary>
internal sealed partial class WorkerSupervisor
{
    private readonly List<SupervisedWorker> _reloadedAway = [];

    /// <summary>
    /// Replaces every worker, one at a time, so that the others serve meanwhile: the old one stops gracefully
    /// (SIGTERM, its requests in flight finish within <paramref name="gracePeriod"/>), then a new one starts in its
    /// slot and must be ready before the next slot's turn. A connection that arrives meanwhile waits in the
    /// listening socket's backlog, which stays open throughout, so none is refused or reset.
    /// </summary>
    /// <returns>Whether every slot now runs a new worker that is ready; <see langword="false"/> if one failed to start (it is then restarted as after a crash, and the remaining old workers keep serving).</returns>
    public bool Reload(TimeSpan gracePeriod, TimeSpan startTimeout) =>
        _thread is { IsRunning: true } thread && thread.Call(() => ReloadAll(gracePeriod, startTimeout));

    #region graceful-reload
    private bool ReloadAll(TimeSpan gracePeriod, TimeSpan startTimeout)
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_stopping || _shutdownRequested)
            {
                return false;
            }

            if (_slots[slot] is not { } old || _retiring.Contains(old))
            {
                continue; // an empty slot (spare capacity, or emptied by TTOU) or a worker already on its way out
            }

            RetireAndWait(old, gracePeriod);
            var replacement = _slots[slot] = Spawn(slot);
            if (!replacement.Ready.Wait(startTimeout) || !replacement.Ready.Result)
            {
                Log.ReloadStopped(_logger, slot, replacement.ProcessId);
                return false;
            }
        }

        return true;
    }

    /// <summary>Stops one worker gracefully and clears its slot, so that its exit is not taken for a crash.</summary>
    private void RetireAndWait(SupervisedWorker worker, TimeSpan gracePeriod)
    {
        _slots[worker.Slot] = null;
        _reloadedAway.Add(worker);
        _ = Interop.Libc.Kill(worker.ProcessId, Interop.Libc.SIGTERM);
        if (!worker.Process.WaitForExit(gracePeriod))
        {
            Log.WorkerKilled(_logger, worker.ProcessId, gracePeriod);
            worker.Process.Kill();
        }

        worker.WaitForEnd();
        _onWorkerExited(worker.Slot); // before the replacement takes the slot, as after any exit
    }
    #endregion
}
