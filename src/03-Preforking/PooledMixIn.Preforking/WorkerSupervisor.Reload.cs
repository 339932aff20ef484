using Microsoft.Extensions.Logging;

namespace PooledMixIn.Preforking;

/// <summary>The graceful reload (SIGHUP): every worker replaced by a new one, which reads the configuration afresh.</summary>
internal sealed partial class WorkerSupervisor
{
    private readonly List<SupervisedWorker> _reloadedAway = [];

    /// <summary>
    /// Replaces every worker, one at a time, the new one first: a replacement starts in a free slot, and only once it
    /// is ready does the old worker get SIGTERM, which makes it stop taking connections and finish its own within
    /// <paramref name="gracePeriod"/>. Capacity never drops below the pool's size, and the listening socket stays
    /// open throughout, so no connection is refused, reset or kept waiting for a worker that is still starting.
    /// </summary>
    /// <returns>Whether every worker was replaced by a new one that is ready; <see langword="false"/> if one failed to start (it is then stopped, and the old workers not yet replaced keep serving).</returns>
    public bool Reload(TimeSpan gracePeriod, TimeSpan startTimeout) =>
        _thread is { IsRunning: true } thread && thread.Call(() => ReloadAll(gracePeriod, startTimeout));

    #region graceful-reload
    private bool ReloadAll(TimeSpan gracePeriod, TimeSpan startTimeout)
    {
        // The workers serving now; the replacements started below take free slots and are not in this list.
        var serving = _slots.Where(w => w is not null && !_retiring.Contains(w)).Select(w => w!).ToList();
        foreach (var old in serving)
        {
            if (_stopping || _shutdownRequested)
            {
                return false;
            }

            if (!ReferenceEquals(_slots[old.Slot], old) || _retiring.Contains(old))
            {
                continue; // it exited meanwhile (and was restarted as a new worker already), or TTOU retired it
            }

            if (!ReplaceNewFirst(old, gracePeriod, startTimeout))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Starts the replacement, waits until it serves, then retires <paramref name="old"/>.</summary>
    private bool ReplaceNewFirst(SupervisedWorker old, TimeSpan gracePeriod, TimeSpan startTimeout)
    {
        if (FreeSlot() is not { } free)
        {
            // Every spare slot holds a worker still finishing its requests: replace this one in place instead.
            RetireAndWait(old, gracePeriod);
            return WaitUntilReady(_slots[old.Slot] = Spawn(old.Slot), startTimeout);
        }

        _retiring.Add(old); // leaving from now on: a TTOU or a second reload does not pick it
        var replacement = StartIn(free);
        if (!WaitUntilReady(replacement, startTimeout))
        {
            _retiring.Remove(old); // the old worker keeps serving; the failed replacement goes instead
            _retiring.Add(replacement);
            Retire(replacement, TimeSpan.Zero);
            return false;
        }

        Retire(old, gracePeriod);
        return true;
    }

    private bool WaitUntilReady(SupervisedWorker worker, TimeSpan startTimeout)
    {
        if (worker.Ready.Wait(startTimeout) && worker.Ready.Result)
        {
            return true;
        }

        Log.ReloadStopped(_logger, worker.Slot, worker.ProcessId);
        return false;
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
