namespace PooledMixIn.Preforking;

/// <summary>One worker more or fewer (SIGTTIN, SIGTTOU), within the slots the pool was made with.</summary>
internal sealed partial class WorkerSupervisor
{
    /// <summary>
    /// Starts a worker in the first slot left empty by <see cref="RemoveWorker"/>. The pool's slots (and, in layer 5,
    /// its shared scoreboard) are sized when it starts, so it never grows beyond its initial worker count.
    /// </summary>
    /// <returns>Whether a worker was started.</returns>
    public bool AddWorker() => _thread is { IsRunning: true } thread && thread.Call(() =>
    {
        var slot = Array.FindIndex(_slots, worker => worker is null);
        if (_stopping || _shutdownRequested || slot < 0 || _restartAt[slot] != NoRestart)
        {
            return false; // none left empty on purpose (a crashed worker's slot waits for its own restart)
        }

        _slots[slot] = Spawn(slot);
        return true;
    });

    /// <summary>Stops the worker of the last occupied slot gracefully and leaves the slot empty; never the last worker.</summary>
    /// <returns>Whether a worker was stopped.</returns>
    public bool RemoveWorker(TimeSpan gracePeriod) => _thread is { IsRunning: true } thread && thread.Call(() =>
    {
        var slot = Array.FindLastIndex(_slots, worker => worker is not null);
        if (_stopping || _shutdownRequested || slot < 0 || _slots.Count(worker => worker is not null) < 2)
        {
            return false;
        }

        Retire(_slots[slot]!, gracePeriod); // the slot stays empty: no restart is scheduled for it
        return true;
    });
}
