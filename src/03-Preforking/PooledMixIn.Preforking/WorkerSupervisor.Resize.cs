namespace PooledMixIn.Preforking;

/// <summary>One worker fewer (SIGTTOU); one more (SIGTTIN) is <see cref="AddWorker"/>, shared with dynamic sizing.</summary>
internal sealed partial class WorkerSupervisor
{
    /// <summary>Retires the worker of the last serving slot gracefully and leaves the slot empty; never the last worker.</summary>
    /// <returns>Whether a worker was retired.</returns>
    public bool RemoveWorker(TimeSpan gracePeriod) => OnSupervisorThread(() =>
    {
        var serving = _slots.Where(w => w is not null && !_retiring.Contains(w)).Select(w => w!).ToList();
        if (serving.Count < 2)
        {
            return false;
        }

        var last = serving[^1];
        _retiring.Add(last);
        Retire(last, gracePeriod); // the slot stays empty once it exits: no restart is scheduled for a retired worker
        return true;
    });
}
