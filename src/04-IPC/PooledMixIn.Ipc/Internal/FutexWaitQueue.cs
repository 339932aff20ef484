using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// The sleeping half of every object in this library: two words in shared memory, <c>waiters</c> and
/// <c>sequence</c> (the futex word), and the protocol that puts a thread to sleep until the object's
/// state may have changed, without ever missing a wake-up.
/// </summary>
/// <remarks>
/// The futex word is not the object's state but a sequence number (an "eventcount") that is bumped
/// whenever sleepers must re-check: after a release or a set, on cancellation, on dispose. That way
/// events other than a state change can wake a sleeper race-free, and the state word is free to mean
/// whatever the object needs (a count; a set bit plus a generation).
/// Callers hold a <see cref="MappingLease"/> around <see cref="Wait"/> and <see cref="WakeWaiters"/>.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed unsafe class FutexWaitQueue
{
    private readonly SharedMemoryRegion _region;
    private readonly int* _waiters;
    private readonly int* _sequence;

    internal FutexWaitQueue(SharedMemoryRegion region, int* waiters, int* sequence)
    {
        _region = region;
        _waiters = waiters;
        _sequence = sequence;
    }

    /// <summary>Threads in the slow path of a wait, in every process (an upper bound: killed waiters stay counted).</summary>
    internal int WaiterCount => Volatile.Read(ref *_waiters);

    #region wait-loop
    /// <summary>Sleeps until <paramref name="condition"/>'s wait completes (true), the deadline passes (false) or the token is cancelled (throws).</summary>
    internal bool Wait(SharedWaitHandle condition, int startState, Deadline deadline, CancellationToken cancellationToken)
    {
        // Announce ourselves before looking at the state again. A releaser changes the state and then
        // reads `waiters`; we bump `waiters` and then read the state. Both are full fences, so at least
        // one side sees the other: either we find the change, or the releaser sees us and bumps `sequence`.
        Interlocked.Increment(ref *_waiters);

        // A thread asleep in the kernel cannot look at a CancellationToken, so cancellation bumps the
        // futex word and wakes every sleeper; the others re-check and sleep again.
        CancellationTokenRegistration registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static queue => ((FutexWaitQueue)queue!).WakeAll(), this)
            : default;
        try
        {
            while (true)
            {
                // Read the futex word *before* checking the state: anything that happens after this read
                // changes the word, so the FUTEX_WAIT below returns at once instead of sleeping through it.
                int sequence = Volatile.Read(ref *_sequence);

                // Completing comes first, so a token that arrives together with a timeout or a
                // cancellation is taken rather than dropped.
                if (condition.TryComplete(startState))
                {
                    return true;
                }

                cancellationToken.ThrowIfCancellationRequested();
                condition.ThrowIfDisposed();
                if (!deadline.TryGetRemaining(out long remainingNanoseconds))
                {
                    return false;
                }

                // Woken, value changed, timed out or EINTR: every outcome loops and re-checks.
                Futex.Wait(_sequence, sequence, remainingNanoseconds);
            }
        }
        finally
        {
            registration.Dispose(); // waits for a running callback, so it never touches an unmapped region
            Interlocked.Decrement(ref *_waiters);
        }
    }
    #endregion

    /// <summary>After a state change: wakes up to <paramref name="count"/> sleepers, paying for the system call only if someone waits.</summary>
    internal void WakeWaiters(int count)
    {
        if (Volatile.Read(ref *_waiters) > 0)
        {
            Interlocked.Increment(ref *_sequence);
            Futex.Wake(_sequence, count);
        }
    }

    /// <summary>Makes every sleeper, in every process, re-check (cancellation, dispose). Safe after the region is gone.</summary>
    internal void WakeAll()
    {
        try
        {
            using var lease = _region.Lease();
            Interlocked.Increment(ref *_sequence);
            Futex.Wake(_sequence, int.MaxValue);
        }
        catch (ObjectDisposedException)
        {
            // The region is gone: nobody in this process can be waiting on it any more.
        }
    }
}
