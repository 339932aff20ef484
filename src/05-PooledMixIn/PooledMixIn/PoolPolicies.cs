namespace PooledMixIn;

/// <summary>The pool's policies that act on what the scoreboard shows, as the monitor applies them.</summary>
/// <param name="ThreadsPerWorker">Rows per worker slot.</param>
/// <param name="MinProcesses">The fewest workers: the pool starts with this many and never shrinks below.</param>
/// <param name="MaxProcesses">The most workers the pool grows to.</param>
/// <param name="MinSpareThreads">Apache's <c>MinSpareThreads</c>: fewer idle threads than this adds a worker.</param>
/// <param name="MaxSpareThreads">Apache's <c>MaxSpareThreads</c>: more idle threads than this retires a worker.</param>
/// <param name="SizingInterval">The least time between two changes of the pool's size.</param>
/// <param name="MaxRequests">gunicorn's <c>max_requests</c>: recycle a worker after this many connections; 0 never.</param>
/// <param name="MaxRequestsJitter">gunicorn's <c>max_requests_jitter</c>: a random 0..this added per worker.</param>
/// <param name="HangTimeout">A thread busy longer than this gets its worker recycled; <see langword="null"/> never.</param>
internal sealed record PoolPolicies(
    int ThreadsPerWorker, int MinProcesses, int MaxProcesses, int MinSpareThreads, int MaxSpareThreads, TimeSpan SizingInterval,
    int MaxRequests, int MaxRequestsJitter, TimeSpan? HangTimeout)
{
    public bool Sizes => MaxProcesses > MinProcesses;

    public bool IsIdle => MaxRequests == 0 && HangTimeout is null && !Sizes;
}
