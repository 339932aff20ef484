using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// A counting semaphore that lives in a <see cref="SharedMemoryRegion"/> and works across processes:
/// the seed's "a connection is waiting, one idle worker may accept it". Built on atomic operations
/// on shared memory and the futex system call, so an uncontended Wait or Release is one atomic
/// instruction and no system call.
/// </summary>
/// <remarks>
/// <para>Layout of the 64-byte block at <see cref="Offset"/> (all little-endian int32):</para>
/// <code>
/// +0  magic     "SEM1": written last by Create, checked by Open
/// +4  maximum   the largest count Release may produce
/// +8  count     tokens available; taken with compare-and-swap, never below 0
/// +12 waiters   threads (in any process) inside the slow path of Wait
/// +16 sequence  the futex word: bumped whenever a sleeper must re-check (release, cancel, dispose)
/// +20..63       reserved (padding to a cache line)
/// </code>
/// <para>
/// Robustness: a process killed while sleeping in Wait leaves <c>waiters</c> one too high, which only
/// costs Release a needless wake system call. A process killed after taking a token takes the token
/// with it: nothing in shared memory records who holds tokens, so callers that pass tokens on use
/// timeouts and recover. Every wait accepts a timeout and a <see cref="CancellationToken"/>.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed unsafe class SharedSemaphore : IDisposable, IWaitCondition
{
    /// <summary>The bytes one semaphore occupies in a region (one cache line).</summary>
    public const int SizeInBytes = 64;

    private const int MagicIndex = 0;
    private const int MaximumIndex = 1;
    private const int CountIndex = 2;
    private const int WaitersIndex = 3;
    private const int SequenceIndex = 4;

    private readonly SharedMemoryRegion _region;
    private readonly int* _words;
    private readonly FutexWaitQueue _queue;
    private volatile bool _disposed;

    private SharedSemaphore(SharedMemoryRegion region, long offset, int* words)
    {
        _region = region;
        _words = words;
        _queue = new FutexWaitQueue(region, &words[WaitersIndex], &words[SequenceIndex]);
        Offset = offset;
    }

    /// <summary>The byte offset of this semaphore in its region.</summary>
    public long Offset { get; }

    /// <summary>The largest count <see cref="Release(int)"/> may produce.</summary>
    public int MaximumCount
    {
        get
        {
            using var lease = _region.Lease();
            return _words[MaximumIndex];
        }
    }

    /// <summary>The number of tokens available now (a snapshot: other processes change it at any time).</summary>
    public int CurrentCount
    {
        get
        {
            using var lease = _region.Lease();
            return Volatile.Read(ref Count);
        }
    }

    /// <summary>
    /// Threads, in every process, currently blocked in Wait. A snapshot, and an upper bound: a process
    /// killed while waiting is never subtracted.
    /// </summary>
    public int WaiterCount
    {
        get
        {
            using var lease = _region.Lease();
            return _queue.WaiterCount;
        }
    }

    private ref int Count => ref _words[CountIndex];

    /// <summary>
    /// Initialises a semaphore at <paramref name="offset"/> and returns a view of it. Call it once, in the
    /// process that creates the region, before any other process opens the semaphore.
    /// </summary>
    /// <param name="region">The region to place it in.</param>
    /// <param name="offset">Byte offset, a multiple of 8 (use <see cref="SharedMemoryLayout.ReserveSemaphore"/>).</param>
    /// <param name="initialCount">Tokens available at start, 0 or more.</param>
    /// <param name="maximumCount">The largest count allowed, at least 1 and at least <paramref name="initialCount"/>.</param>
    public static SharedSemaphore Create(SharedMemoryRegion region, long offset, int initialCount, int maximumCount = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumCount, 1);
        if (initialCount > maximumCount)
        {
            throw new ArgumentException($"The initial count ({initialCount}) cannot exceed the maximum count ({maximumCount}).", nameof(initialCount));
        }

        int* words = SharedObjectHeader.BeginCreate(region, offset, SizeInBytes);
        using var lease = region.Lease();
        words[MaximumIndex] = maximumCount;
        words[CountIndex] = initialCount;
        SharedObjectHeader.Publish(&words[MagicIndex], SharedObjectHeader.SemaphoreMagic);
        return new SharedSemaphore(region, offset, words);
    }

    /// <summary>Opens a semaphore another process created with <see cref="Create"/> at the same offset.</summary>
    /// <param name="region">This process's mapping of the region.</param>
    /// <param name="offset">The offset used by <see cref="Create"/>.</param>
    /// <exception cref="InvalidOperationException">There is no semaphore at <paramref name="offset"/>.</exception>
    public static SharedSemaphore Open(SharedMemoryRegion region, long offset)
    {
        ArgumentNullException.ThrowIfNull(region);
        int* words = SharedObjectHeader.Locate(region, offset, SizeInBytes, SharedObjectHeader.SemaphoreMagic, nameof(SharedSemaphore));
        return new SharedSemaphore(region, offset, words);
    }

    /// <summary>Takes a token, blocking until one is available.</summary>
    public void Wait() => Wait(Timeout.Infinite, CancellationToken.None);

    /// <summary>Takes a token, blocking until one is available or the token is cancelled.</summary>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    public void Wait(CancellationToken cancellationToken) => Wait(Timeout.Infinite, cancellationToken);

    /// <summary>Takes a token if one becomes available within <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <returns>True if a token was taken, false on timeout.</returns>
    public bool Wait(TimeSpan timeout) => Wait(TimeoutArgument.ToMilliseconds(timeout, nameof(timeout)), CancellationToken.None);

    /// <summary>Takes a token if one becomes available within <paramref name="timeout"/>, unless cancelled.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True if a token was taken, false on timeout.</returns>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken) =>
        Wait(TimeoutArgument.ToMilliseconds(timeout, nameof(timeout)), cancellationToken);

    /// <summary>Takes a token if one becomes available within <paramref name="millisecondsTimeout"/>.</summary>
    /// <param name="millisecondsTimeout">Milliseconds to wait; -1 waits forever, 0 only tries.</param>
    /// <returns>True if a token was taken, false on timeout.</returns>
    public bool Wait(int millisecondsTimeout) => Wait(millisecondsTimeout, CancellationToken.None);

    #region semaphore-wait
    /// <summary>Takes a token if one becomes available within <paramref name="millisecondsTimeout"/>, unless cancelled.</summary>
    /// <param name="millisecondsTimeout">Milliseconds to wait; -1 waits forever, 0 only tries.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True if a token was taken, false on timeout.</returns>
    /// <remarks>A token that arrives together with cancellation is taken: the method returns true rather than lose it.</remarks>
    public bool Wait(int millisecondsTimeout, CancellationToken cancellationToken)
    {
        TimeoutArgument.Validate(millisecondsTimeout, nameof(millisecondsTimeout));
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = _region.Lease(); // keeps the memory mapped even if another thread disposes the region

        // Fast path: a free token costs one compare-and-swap and no system call.
        if (TryTake())
        {
            return true;
        }

        // Slow path: announce, re-check, sleep on the futex (see FutexWaitQueue.Wait).
        return millisecondsTimeout != 0
            && _queue.Wait(this, startState: 0, Deadline.FromTimeout(millisecondsTimeout), cancellationToken);
    }
    #endregion

    /// <summary>Returns one token.</summary>
    /// <returns>The count before the release.</returns>
    /// <exception cref="SemaphoreFullException">The count is already <see cref="MaximumCount"/>.</exception>
    public int Release() => Release(1);

    #region semaphore-release
    /// <summary>Returns <paramref name="releaseCount"/> tokens and wakes up to that many waiters, in any process.</summary>
    /// <param name="releaseCount">Tokens to return, at least 1.</param>
    /// <returns>The count before the release.</returns>
    /// <exception cref="SemaphoreFullException">The count would exceed <see cref="MaximumCount"/>; nothing is released.</exception>
    public int Release(int releaseCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(releaseCount, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var lease = _region.Lease();

        int maximum = _words[MaximumIndex];
        int count = Volatile.Read(ref Count);
        while (true)
        {
            if (releaseCount > maximum - count)
            {
                throw new SemaphoreFullException($"Releasing {releaseCount} would raise the count from {count} above the maximum of {maximum}.");
            }

            int seen = Interlocked.CompareExchange(ref Count, count + releaseCount, count);
            if (seen == count)
            {
                break;
            }

            count = seen;
        }

        // The CAS above is a full fence, so reading `waiters` now cannot miss a waiter that found no token.
        _queue.WakeWaiters(releaseCount);
        return count;
    }
    #endregion

    /// <summary>
    /// Marks this view disposed and wakes its waiters in this process, which throw
    /// <see cref="ObjectDisposedException"/>. The semaphore itself stays usable by other processes;
    /// its memory belongs to the region.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.WakeAll();
    }

    bool IWaitCondition.TryComplete(int startState) => TryTake();

    void IWaitCondition.ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private bool TryTake()
    {
        int count = Volatile.Read(ref Count);
        while (count > 0)
        {
            int seen = Interlocked.CompareExchange(ref Count, count - 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }
}
