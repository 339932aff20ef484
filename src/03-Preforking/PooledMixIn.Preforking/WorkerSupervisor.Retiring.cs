namespace PooledMixIn.Preforking;

/// <summary>
/// Changing the pool while it serves, without a request failing: a worker is replaced with its replacement started
/// (and ready) first, a worker is added, a worker is retired. A retired worker gets SIGTERM, which makes it stop
/// taking connections and finish the ones it has; after the graceful deadline it gets SIGKILL. Its exit is not a
/// crash, so nothing restarts it.
/// </summary>
internal sealed partial class WorkerSupervisor
{
    private readonly HashSet<SupervisedWorker> _retiring = [];
    private int _retired;

    /// <summary>How many workers were retired on purpose (replaced or shrunk away).</summary>
    public int Retired => Volatile.Read(ref _retired);

    /// <summary>How many workers serve and are not being retired.</summary>
    public int ServingCount => _thread is { IsRunning: true } thread
        ? thread.Call(() => _slots.Count(w => w is not null && !_retiring.Contains(w)))
        : 0;

    /// <summary>The slots of the workers that serve and are not being retired.</summary>
    public IReadOnlyList<int> ServingSlots => _thread is { IsRunning: true } thread
        ? thread.Call(() => _slots.Where(w => w is not null && !_retiring.Contains(w)).Select(w => w!.Slot).ToArray())
        : [];

    #region replace-gracefully
    /// <summary>
    /// Replaces the worker in <paramref name="slot"/>: starts a new worker in a free slot, and once it is ready (or has
    /// failed to start, which the usual restart then handles), retires the old one gracefully. Capacity never drops.
    /// </summary>
    /// <returns>
    /// <see langword="false"/> if there is nothing to replace (the slot is empty or already retiring), no free slot,
    /// or the pool is stopping.
    /// </returns>
    public bool ReplaceGracefully(int slot, TimeSpan gracePeriod) => OnSupervisorThread(() =>
    {
        if (_slots[slot] is not { } old || _retiring.Contains(old) || FreeSlot() is not { } free)
        {
            return false;
        }

        _retiring.Add(old); // from now on it counts as leaving, so a second replacement is not asked for
        var replacement = StartIn(free);
        replacement.Ready.ContinueWith(
            _ => _thread?.Post(() => Retire(old, gracePeriod)), TaskScheduler.Default);
        return true;
    });
    #endregion

    /// <summary>Starts one more worker in a free slot.</summary>
    /// <returns><see langword="false"/> if there is no free slot or the pool is stopping.</returns>
    public bool AddWorker() => OnSupervisorThread(() =>
    {
        if (FreeSlot() is not { } free)
        {
            return false;
        }

        StartIn(free);
        return true;
    });

    /// <summary>Retires the worker in <paramref name="slot"/> gracefully, without a replacement.</summary>
    /// <returns><see langword="false"/> if the slot is empty or already retiring, or the pool is stopping.</returns>
    public bool RetireWorker(int slot, TimeSpan gracePeriod) => OnSupervisorThread(() =>
    {
        if (_slots[slot] is not { } worker || _retiring.Contains(worker))
        {
            return false;
        }

        _retiring.Add(worker);
        Retire(worker, gracePeriod);
        return true;
    });

    private bool OnSupervisorThread(Func<bool> change) =>
        _thread is { IsRunning: true } thread && thread.Call(() => !_stopping && !_shutdownRequested && change());

    private SupervisedWorker StartIn(int slot)
    {
        _restartAt[slot] = NoRestart;
        var worker = Spawn(slot);
        _slots[slot] = worker;
        return worker;
    }

    /// <summary>A slot with no worker and no restart pending.</summary>
    private int? FreeSlot()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is null && _restartAt[slot] == NoRestart)
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>SIGTERM now; SIGKILL once <paramref name="gracePeriod"/> has passed if it still runs.</summary>
    private void Retire(SupervisedWorker worker, TimeSpan gracePeriod)
    {
        if (!ReferenceEquals(_slots[worker.Slot], worker) || _stopping)
        {
            return; // it exited already, or the whole pool is stopping and StopAll signals it
        }

        Log.WorkerRetiring(_logger, worker.Slot, worker.ProcessId, gracePeriod);
        _ = Interop.Libc.Kill(worker.ProcessId, Interop.Libc.SIGTERM);
        _ = Task.Delay(gracePeriod).ContinueWith(_ => _thread?.Post(() => KillIfStillRunning(worker, gracePeriod)), TaskScheduler.Default);
    }

    private void KillIfStillRunning(SupervisedWorker worker, TimeSpan gracePeriod)
    {
        // Still in its slot means not reaped yet, so its pid cannot have been reused.
        if (ReferenceEquals(_slots[worker.Slot], worker) && !worker.Process.HasExited)
        {
            Log.WorkerKilled(_logger, worker.ProcessId, gracePeriod);
            worker.Process.Kill();
        }
    }

    /// <summary>On the supervisor thread, as a worker's exit is handled: whether it was retired on purpose.</summary>
    private bool OnRetiredWorkerExited(SupervisedWorker worker)
    {
        if (!_retiring.Remove(worker))
        {
            return false;
        }

        _slots[worker.Slot] = null;
        _retired++;
        Log.WorkerRetired(_logger, worker.Slot, worker.ProcessId, worker.Uptime);
        worker.Dispose();
        return true;
    }
}
