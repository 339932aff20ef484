namespace PooledMixIn;

/// <summary>A snapshot of a pool's shared counters and scoreboard, readable from the server process or any worker.</summary>
/// <param name="Accepted">Connections accepted by pool threads.</param>
/// <param name="Completed">Connections served to the end without an exception.</param>
/// <param name="Failed">Connections whose handler threw (reported through <c>HandleError</c>).</param>
/// <param name="LostHandoffs">
/// Hand-offs the server process gave up waiting for: a worker took the token and never acknowledged it, because
/// it died (or stalled longer than <see cref="PooledProcessMixIn.HandoffTimeout"/>).
/// </param>
/// <param name="Threads">
/// The scoreboard: one row per pool thread, worker slot by worker slot, <paramref name="ThreadsPerWorker"/> rows each.
/// A slot with no worker in it has rows with <see cref="ThreadSlot.ProcessId"/> 0.
/// </param>
/// <param name="ThreadsPerWorker">How many rows each worker slot has: <see cref="PooledProcessMixIn.ThreadCount"/>.</param>
public sealed record PoolStatus(
    long Accepted, long Completed, long Failed, long LostHandoffs, IReadOnlyList<ThreadSlot> Threads, int ThreadsPerWorker)
{
    /// <summary>How many threads are in each <see cref="ThreadActivity"/>.</summary>
    public IReadOnlyDictionary<ThreadActivity, int> ThreadsByActivity =>
        Threads.GroupBy(t => (ThreadActivity)t.Activity).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The workers the scoreboard knows: for each occupied slot, its pid and its threads' rows.</summary>
    public IReadOnlyList<WorkerStatus> Workers
    {
        get
        {
            var workers = new List<WorkerStatus>();
            for (var start = 0; start + ThreadsPerWorker <= Threads.Count; start += ThreadsPerWorker)
            {
                var rows = Threads.Skip(start).Take(ThreadsPerWorker).ToArray();
                if (rows.FirstOrDefault(r => r.ProcessId != 0) is { ProcessId: not 0 } alive)
                {
                    workers.Add(new WorkerStatus(start / ThreadsPerWorker, alive.ProcessId, rows));
                }
            }

            return workers;
        }
    }
}
