namespace PooledMixIn;

/// <summary>A snapshot of a pool's shared counters and scoreboard, readable from the server process or any worker.</summary>
/// <param name="Accepted">Connections accepted by pool threads.</param>
/// <param name="Completed">Connections served to the end without an exception.</param>
/// <param name="Failed">Connections whose handler threw (reported through <c>HandleError</c>).</param>
/// <param name="LostHandoffs">
/// Hand-offs the server process gave up waiting for: a worker took the token and never acknowledged it, because
/// it died (or stalled longer than <see cref="PooledProcessMixIn.HandoffTimeout"/>).
/// </param>
/// <param name="Threads">The scoreboard: one row per pool thread, worker by worker.</param>
public sealed record PoolStatus(long Accepted, long Completed, long Failed, long LostHandoffs, IReadOnlyList<ThreadSlot> Threads)
{
    /// <summary>How many threads are in each <see cref="ThreadActivity"/>.</summary>
    public IReadOnlyDictionary<ThreadActivity, int> ThreadsByActivity =>
        Threads.GroupBy(t => (ThreadActivity)t.Activity).ToDictionary(g => g.Key, g => g.Count());
}
