namespace PooledMixIn.Threading;

/// <summary>
/// What a thread mix-in has done so far, readable at any time from any thread: by tests checking that no connection
/// was lost, by the benchmark, and by a status page.
/// </summary>
/// <remarks>
/// Each value is exact on its own; read together while requests run, they may be a few updates apart. Once the
/// server has closed (and its request threads have been joined) <c>Accepted == Completed + Failed</c> and
/// <see cref="InFlight"/> is 0.
/// </remarks>
public sealed class RequestCounters
{
    private long _accepted;
    private long _completed;
    private long _failed;
    private int _inFlight;
    private int _peakInFlight;
    private long _capacityReached;

    /// <summary>Connections handed to the mix-in to process (accepted and verified).</summary>
    public long Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections whose handler returned normally.</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Connections whose handler threw (reported through <c>HandleError</c>) or that got no thread.</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>
    /// Connections being processed now: the live request threads of a <see cref="ThreadingMixIn"/>, the busy pool
    /// threads (plus hand-offs not yet picked up) of a <see cref="PrethreadedMixIn"/>.
    /// </summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The highest <see cref="InFlight"/> seen: never above the mix-in's bound.</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>
    /// How many times the serve loop found every allowed thread busy and stopped accepting until one was free. Each
    /// such episode counts once, however long it lasted.
    /// </summary>
    public long CapacityReached => Volatile.Read(ref _capacityReached);

    /// <inheritdoc />
    public override string ToString() =>
        $"accepted {Accepted}, completed {Completed}, failed {Failed}, in flight {InFlight} (peak {PeakInFlight}), capacity reached {CapacityReached}";

    /// <summary>Counts a new connection; returns its number (1, 2, ...), used to name its thread.</summary>
    internal long OnAccepted()
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var peak = Volatile.Read(ref _peakInFlight); inFlight > peak;)
        {
            var seen = Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }

        return Interlocked.Increment(ref _accepted);
    }

    internal void OnFinished(bool succeeded)
    {
        Interlocked.Increment(ref succeeded ? ref _completed : ref _failed);
        Interlocked.Decrement(ref _inFlight);
    }

    internal void OnCapacityReached() => Interlocked.Increment(ref _capacityReached);
}
