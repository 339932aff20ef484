using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// An event that lives in a <see cref="SharedMemoryRegion"/> and works across processes: the seed's
/// "the worker has accepted; the parent may poll again". Manual-reset (<see cref="Set"/> releases
/// every waiter and stays set until <see cref="Reset"/>) or auto-reset (Set releases exactly one
/// waiter, or the next one to arrive).
/// </summary>
/// <remarks>
/// <para>Layout of the 64-byte block at <see cref="Offset"/> (all little-endian int32):</para>
/// <code>
/// +0  magic     "EVT1": written last by Create, checked by Open
/// +4  mode      0 = manual reset, 1 = auto reset
/// +8  state     bit 0: set; bits 1..31: generation, +1 on every Set that changed the state
/// +12 waiters   threads (in any process) inside the slow path of Wait
/// +16 sequence  the futex word: bumped whenever sleepers must re-check (set, cancel, dispose)
/// +20..63       reserved (padding to a cache line)
/// </code>
/// <para>
/// The generation makes "every Set wakes all current waiters" hold even for Set immediately followed
/// by Reset: a manual-reset waiter returns once the generation differs from the one it started with,
/// whether or not the event is still set when it gets to run. (Win32's PulseEvent lacks this and
/// loses wake-ups.) A process killed while waiting leaves <c>waiters</c> one too high, which costs only
/// a needless wake system call.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed unsafe class SharedEvent : IDisposable, IWaitCondition
{
    /// <summary>The bytes one event occupies in a region (one cache line).</summary>
    public const int SizeInBytes = 64;

    private const int MagicIndex = 0;
    private const int ModeIndex = 1;
    private const int StateIndex = 2;
    private const int WaitersIndex = 3;
    private const int SequenceIndex = 4;
    private const int SetBit = 1;
    private const int GenerationStep = 2;

    private readonly SharedMemoryRegion _region;
    private readonly int* _words;
    private readonly FutexWaitQueue _queue;
    private volatile bool _disposed;

    private SharedEvent(SharedMemoryRegion region, long offset, int* words, EventResetMode mode)
    {
        _region = region;
        _words = words;
        _queue = new FutexWaitQueue(region, &words[WaitersIndex], &words[SequenceIndex]);
        Offset = offset;
        Mode = mode;
    }

    /// <summary>The byte offset of this event in its region.</summary>
    public long Offset { get; }

    /// <summary>Whether a Set releases all waiters and stays set (manual) or releases one and resets itself (auto).</summary>
    public EventResetMode Mode { get; }

    /// <summary>Whether the event is set now (a snapshot).</summary>
    public bool IsSet
    {
        get
        {
            using var lease = _region.Lease();
            return (Volatile.Read(ref State) & SetBit) != 0;
        }
    }

    /// <summary>Threads, in every process, currently blocked in Wait (an upper bound: killed waiters are never subtracted).</summary>
    public int WaiterCount
    {
        get
        {
            using var lease = _region.Lease();
            return _queue.WaiterCount;
        }
    }

    private ref int State => ref _words[StateIndex];

    /// <summary>Initialises an event at <paramref name="offset"/>; call it once, before other processes open it.</summary>
    /// <param name="region">The region to place it in.</param>
    /// <param name="offset">Byte offset, a multiple of 8 (use <see cref="SharedMemoryLayout.ReserveEvent"/>).</param>
    /// <param name="initialState">Whether the event starts set.</param>
    /// <param name="mode">Manual or auto reset.</param>
    public static SharedEvent Create(SharedMemoryRegion region, long offset, bool initialState, EventResetMode mode = EventResetMode.ManualReset)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (mode is not (EventResetMode.ManualReset or EventResetMode.AutoReset))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown reset mode.");
        }

        int* words = SharedObjectHeader.BeginCreate(region, offset, SizeInBytes);
        using var lease = region.Lease();
        words[ModeIndex] = mode == EventResetMode.AutoReset ? 1 : 0;
        words[StateIndex] = initialState ? SetBit : 0;
        SharedObjectHeader.Publish(&words[MagicIndex], SharedObjectHeader.EventMagic);
        return new SharedEvent(region, offset, words, mode);
    }

    /// <summary>Opens an event another process created with <see cref="Create"/> at the same offset.</summary>
    /// <param name="region">This process's mapping of the region.</param>
    /// <param name="offset">The offset used by <see cref="Create"/>.</param>
    /// <exception cref="InvalidOperationException">There is no event at <paramref name="offset"/>.</exception>
    public static SharedEvent Open(SharedMemoryRegion region, long offset)
    {
        ArgumentNullException.ThrowIfNull(region);
        int* words = SharedObjectHeader.Locate(region, offset, SizeInBytes, SharedObjectHeader.EventMagic, nameof(SharedEvent));
        using var lease = region.Lease();
        var mode = Volatile.Read(ref words[ModeIndex]) == 1 ? EventResetMode.AutoReset : EventResetMode.ManualReset;
        return new SharedEvent(region, offset, words, mode);
    }

    #region event-set
    /// <summary>
    /// Sets the event. Manual reset: every thread waiting now, in any process, returns true, even if
    /// <see cref="Reset"/> follows at once. Auto reset: one waiter returns true (or the next to arrive).
    /// Setting an event that is already set does nothing.
    /// </summary>
    public void Set()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var lease = _region.Lease();

        int state = Volatile.Read(ref State);
        while ((state & SetBit) == 0)
        {
            // New generation, set bit on; `unchecked` lets the generation wrap around harmlessly.
            int next = unchecked((state & ~SetBit) + GenerationStep) | SetBit;
            int seen = Interlocked.CompareExchange(ref State, next, state);
            if (seen == state)
            {
                // Manual reset: everyone waiting may go. Auto reset: one may, and only one will win the CAS.
                _queue.WakeWaiters(Mode == EventResetMode.ManualReset ? int.MaxValue : 1);
                return;
            }

            state = seen;
        }
    }
    #endregion

    /// <summary>Clears the event; later waits block until the next <see cref="Set"/>.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var lease = _region.Lease();
        Interlocked.And(ref State, ~SetBit);
    }

    /// <summary>Blocks until the event is set.</summary>
    public void Wait() => Wait(Timeout.Infinite, CancellationToken.None);

    /// <summary>Blocks until the event is set or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    public void Wait(CancellationToken cancellationToken) => Wait(Timeout.Infinite, cancellationToken);

    /// <summary>Waits until the event is set, for at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <returns>True if the event was set, false on timeout.</returns>
    public bool Wait(TimeSpan timeout) => Wait(TimeoutArgument.ToMilliseconds(timeout, nameof(timeout)), CancellationToken.None);

    /// <summary>Waits until the event is set, for at most <paramref name="timeout"/>, unless cancelled.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True if the event was set, false on timeout.</returns>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken) =>
        Wait(TimeoutArgument.ToMilliseconds(timeout, nameof(timeout)), cancellationToken);

    /// <summary>Waits until the event is set, for at most <paramref name="millisecondsTimeout"/>.</summary>
    /// <param name="millisecondsTimeout">Milliseconds to wait; -1 waits forever, 0 only tests.</param>
    /// <returns>True if the event was set, false on timeout.</returns>
    public bool Wait(int millisecondsTimeout) => Wait(millisecondsTimeout, CancellationToken.None);

    /// <summary>Waits until the event is set, for at most <paramref name="millisecondsTimeout"/>, unless cancelled.</summary>
    /// <param name="millisecondsTimeout">Milliseconds to wait; -1 waits forever, 0 only tests.</param>
    /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>True if the event was set (for auto reset: this thread consumed the Set), false on timeout.</returns>
    public bool Wait(int millisecondsTimeout, CancellationToken cancellationToken)
    {
        TimeoutArgument.Validate(millisecondsTimeout, nameof(millisecondsTimeout));
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = _region.Lease();

        int startState = Volatile.Read(ref State);
        if (TryComplete(startState, startState))
        {
            return true;
        }

        return millisecondsTimeout != 0
            && _queue.Wait(this, startState, Deadline.FromTimeout(millisecondsTimeout), cancellationToken);
    }

    /// <summary>Marks this view disposed and wakes its waiters in this process, which throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.WakeAll();
    }

    bool IWaitCondition.TryComplete(int startState) => TryComplete(startState, Volatile.Read(ref State));

    void IWaitCondition.ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Decides whether a waiter that started at <paramref name="startState"/> may return, given <paramref name="state"/>.</summary>
    private bool TryComplete(int startState, int state)
    {
        if (Mode == EventResetMode.ManualReset)
        {
            // Set now, or set (and perhaps reset) since this wait began.
            return (state & SetBit) != 0 || (state & ~SetBit) != (startState & ~SetBit);
        }

        // Auto reset: only the thread whose compare-and-swap clears the bit consumes the Set.
        while ((state & SetBit) != 0)
        {
            int seen = Interlocked.CompareExchange(ref State, state & ~SetBit, state);
            if (seen == state)
            {
                return true;
            }

            state = seen;
        }

        return false;
    }
}
