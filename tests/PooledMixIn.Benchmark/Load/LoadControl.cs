using System.Diagnostics;

namespace PooledMixIn.Benchmark.Load;

/// <summary>Shared by every client loop: whether another request may start (deadline, request budget, cancellation).</summary>
internal sealed class LoadControl
{
    private readonly long _deadline;
    private readonly CancellationToken _cancellation;
    private long _remaining;

    public LoadControl(TimeSpan? duration, long? requests, CancellationToken cancellation)
    {
        _deadline = duration is { } d ? Stopwatch.GetTimestamp() + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _remaining = requests ?? long.MaxValue;
        _cancellation = cancellation;
    }

    public bool TryStartRequest() =>
        !_cancellation.IsCancellationRequested
        && Stopwatch.GetTimestamp() < _deadline
        && (_remaining == long.MaxValue || Interlocked.Decrement(ref _remaining) >= 0);
}
