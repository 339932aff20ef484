using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// A counting semaphore that lives in a <see cref="SharedMemoryRegion"/> and works across processes:
/// the seed's "a connection is waiting, one idle worker may accept it". Built on atomic operations
/// on shared memory and the futex system call, so an uncontended Wait or Release is one atomic
/// instruction and no system call. A successful Wait takes one token.
/// </summary>
/// <remarks>
/// <para>Layout of the 64-byte block at <see cref="SharedWaitHandle.Offset"/> (little-endian int32):</para>
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
public sealed unsafe class SharedSemaphore : SharedWaitHandle
{
    private const int MaximumIndex = FirstOwnIndex;
    private const int CountIndex = FirstOwnIndex + 1;

    private SharedSemaphore(SharedMemoryRegion region, long offset, int* words)
        : base(region, offset, words)
    {
    }

    /// <summary>The largest count <see cref="Release(int)"/> may produce.</summary>
    public int MaximumCount
    {
        get
        {
            using var lease = Region.Lease();
            return Words[MaximumIndex];
        }
    }

    /// <summary>The number of tokens available now (a snapshot: other processes change it at any time).</summary>
    public int CurrentCount
    {
        get
        {
            using var lease = Region.Lease();
            return Volatile.Read(ref Count);
        }
    }

    private ref int Count => ref Words[CountIndex];

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
        ThrowIfDisposed();
        using var lease = Region.Lease();

        int maximum = Words[MaximumIndex];
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
        WakeWaiters(releaseCount);
        return count;
    }
    #endregion

    /// <inheritdoc />
    internal override int ReadState() => 0; // a semaphore's wait does not depend on when it began

    #region semaphore-take
    /// <summary>Takes a token if there is one: the whole of a semaphore's wait condition.</summary>
    internal override bool TryComplete(int startState)
    {
        int count = Volatile.Read(ref Count);
        while (count > 0)
        {
            int seen = Interlocked.CompareExchange(ref Count, count - 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen; // another thread or process changed the count: try again with what it left
        }

        return false;
    }
    #endregion
}
