using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// The base of <see cref="SharedSemaphore"/> and <see cref="SharedEvent"/>: a 64-byte object inside a
/// <see cref="SharedMemoryRegion"/> that threads of any process can wait on, with a timeout, a
/// <see cref="CancellationToken"/>, or both. It plays the part <see cref="WaitHandle"/> plays for
/// .NET's kernel objects; it cannot be derived from outside this library.
/// </summary>
/// <remarks>
/// <para>Words every object shares (little-endian int32); the others belong to the derived type:</para>
/// <code>
/// +0  magic     type and layout version: written last by Create, checked by Open
/// +12 waiters   threads (in any process) inside the slow path of Wait
/// +16 sequence  the futex word: bumped whenever sleepers must re-check
/// </code>
/// <para>
/// A view is a small object over those words. Disposing it wakes the threads of this process that
/// wait through it (they throw <see cref="ObjectDisposedException"/>); the shared object stays usable
/// by other processes, since its memory belongs to the region.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public abstract unsafe class SharedWaitHandle : IDisposable
{
    /// <summary>The bytes one object occupies in a region (one cache line).</summary>
    public const int SizeInBytes = 64;

    /// <summary>Index of the magic number, in ints.</summary>
    private protected const int MagicIndex = 0;

    /// <summary>Index of the first word the derived type owns, in ints (words 1 and 2).</summary>
    private protected const int FirstOwnIndex = 1;

    private const int WaitersIndex = 3;
    private const int SequenceIndex = 4;

    private readonly FutexWaitQueue _queue;
    private volatile bool _disposed;

    private protected SharedWaitHandle(SharedMemoryRegion region, long offset, int* words)
    {
        Region = region;
        Words = words;
        Offset = offset;
        _queue = new FutexWaitQueue(region, &words[WaitersIndex], &words[SequenceIndex]);
    }

    /// <summary>The byte offset of this object in its region.</summary>
    public long Offset { get; }

    /// <summary>
    /// Threads, in every process, currently blocked in Wait. A snapshot, and an upper bound: a process
    /// killed while waiting is never subtracted.
    /// </summary>
    public int WaiterCount
    {
        get
        {
            using var lease = Region.Lease();
            return _queue.WaiterCount;
        }
    }

    /// <summary>The region holding the object.</summary>
    private protected SharedMemoryRegion Region { get; }

    /// <summary>The object's 16 ints in this process's mapping.</summary>
    private protected int* Words { get; }

    /// <summary>Blocks until the wait succeeds (see <see cref="Wait(int, CancellationToken)"/>).</summary>
    public void Wait() => Wait(Timeout.Infinite, CancellationToken.None);

    /// <summary>Blocks until the wait succeeds or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    public void Wait(CancellationToken cancellationToken) => Wait(Timeout.Infinite, cancellationToken);

    /// <summary>Waits for at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <returns>True if the wait succeeded, false on timeout.</returns>
    public bool Wait(TimeSpan timeout) => Wait(TimeoutArgument.ToMilliseconds(timeout, nameof(timeout)), CancellationToken.None);

    /// <summary>Waits for at most <paramref name="timeout"/>, unless cancelled.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True if the wait succeeded, false on timeout.</returns>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken) =>
        Wait(TimeoutArgument.ToMilliseconds(timeout, nameof(timeout)), cancellationToken);

    /// <summary>Waits for at most <paramref name="millisecondsTimeout"/>.</summary>
    /// <param name="millisecondsTimeout">Milliseconds to wait; -1 waits forever, 0 only tries.</param>
    /// <returns>True if the wait succeeded, false on timeout.</returns>
    public bool Wait(int millisecondsTimeout) => Wait(millisecondsTimeout, CancellationToken.None);

    #region wait
    /// <summary>
    /// Waits for at most <paramref name="millisecondsTimeout"/>, unless cancelled. A semaphore's wait
    /// succeeds by taking a token; a manual-reset event's when it is set, or has been set since the wait
    /// began; an auto-reset event's when this thread consumes a Set.
    /// </summary>
    /// <param name="millisecondsTimeout">Milliseconds to wait; -1 waits forever, 0 only tries.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True if the wait succeeded, false on timeout.</returns>
    /// <remarks>A token or Set that arrives together with cancellation is taken: the method returns true rather than lose it.</remarks>
    public bool Wait(int millisecondsTimeout, CancellationToken cancellationToken)
    {
        TimeoutArgument.Validate(millisecondsTimeout, nameof(millisecondsTimeout));
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = Region.Lease(); // keeps the memory mapped even if another thread disposes the region

        // Fast path: one compare-and-swap on shared memory, no system call.
        int startState = ReadState();
        if (TryComplete(startState))
        {
            return true;
        }

        // Slow path: announce, re-check, sleep on the futex (see FutexWaitQueue.Wait).
        return millisecondsTimeout != 0
            && _queue.Wait(this, startState, Deadline.FromTimeout(millisecondsTimeout), cancellationToken);
    }
    #endregion

    /// <summary>
    /// Marks this view disposed and wakes its waiters in this process, which throw
    /// <see cref="ObjectDisposedException"/>. Other processes are not affected.
    /// </summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the state word a wait starts from (the caller holds a lease).</summary>
    internal abstract int ReadState();

    /// <summary>
    /// Re-checks the state and, if the wait may end, completes it (a semaphore takes its token here).
    /// <paramref name="startState"/> is what <see cref="ReadState"/> returned when the wait began.
    /// </summary>
    internal abstract bool TryComplete(int startState);

    /// <summary>Throws <see cref="ObjectDisposedException"/> once this view has been disposed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>After a state change: wakes up to <paramref name="count"/> sleepers, in any process, if any sleep.</summary>
    private protected void WakeWaiters(int count) => _queue.WakeWaiters(count);

    /// <summary>Disposes the view.</summary>
    /// <param name="disposing">False when called from a finalizer (this class has none).</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.WakeAll();
    }
}
