using System.Diagnostics;

namespace PooledMixIn.Ipc;

/// <summary>
/// A point in monotonic time that a wait must not pass. FUTEX_WAIT takes a relative timeout, so a
/// wait that loops (spurious wake, EINTR, lost race) asks the deadline how much time is left instead
/// of restarting the full timeout each round.
/// </summary>
internal readonly struct Deadline
{
    private readonly long _expiresAt; // Stopwatch ticks; long.MaxValue means never.

    private Deadline(long expiresAt) => _expiresAt = expiresAt;

    /// <summary>A deadline <paramref name="millisecondsTimeout"/> from now; -1 (Timeout.Infinite) never expires.</summary>
    internal static Deadline FromTimeout(int millisecondsTimeout) =>
        millisecondsTimeout == Timeout.Infinite
            ? new Deadline(long.MaxValue)
            : new Deadline(Stopwatch.GetTimestamp() + (millisecondsTimeout * Stopwatch.Frequency / 1000));

    /// <summary>Nanoseconds left (-1 for an infinite deadline), or false once the deadline has passed.</summary>
    internal bool TryGetRemaining(out long nanoseconds)
    {
        if (_expiresAt == long.MaxValue)
        {
            nanoseconds = -1;
            return true;
        }

        long ticks = _expiresAt - Stopwatch.GetTimestamp();
        nanoseconds = (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
        return nanoseconds > 0;
    }
}
