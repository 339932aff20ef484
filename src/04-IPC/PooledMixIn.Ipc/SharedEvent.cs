using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// An event that lives in a <see cref="SharedMemoryRegion"/> and works across processes: the seed's
/// "the worker has accepted; the parent may poll again". Manual-reset (<see cref="Set"/> releases
/// every waiter and stays set until <see cref="Reset"/>) or auto-reset (Set releases exactly one
/// waiter, or the next one to arrive).
/// </summary>
/// <remarks>
/// <para>Layout of the 64-byte block at <see cref="SharedWaitHandle.Offset"/> (little-endian int32):</para>
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
public sealed unsafe class SharedEvent : SharedWaitHandle
{
    private const int ModeIndex = FirstOwnIndex;
    private const int StateIndex = FirstOwnIndex + 1;
    private const int SetBit = 1;
    private const int GenerationStep = 2;

    private SharedEvent(SharedMemoryRegion region, long offset, int* words, EventResetMode mode)
        : base(region, offset, words)
    {
        Mode = mode;
    }

    /// <summary>Whether a Set releases all waiters and stays set (manual) or releases one and resets itself (auto).</summary>
    public EventResetMode Mode { get; }

    /// <summary>Whether the event is set now (a snapshot).</summary>
    public bool IsSet
    {
        get
        {
            using var lease = Region.Lease();
            return (Volatile.Read(ref State) & SetBit) != 0;
        }
    }

    private ref int State => ref Words[StateIndex];

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
        ThrowIfDisposed();
        using var lease = Region.Lease();

        int state = Volatile.Read(ref State);
        while ((state & SetBit) == 0)
        {
            // New generation, set bit on; `unchecked` lets the generation wrap around harmlessly.
            int next = unchecked((state & ~SetBit) + GenerationStep) | SetBit;
            int seen = Interlocked.CompareExchange(ref State, next, state);
            if (seen == state)
            {
                // Manual reset: everyone waiting may go. Auto reset: one may, and only one will win the CAS.
                WakeWaiters(Mode == EventResetMode.ManualReset ? int.MaxValue : 1);
                return;
            }

            state = seen;
        }
    }
    #endregion

    /// <summary>Clears the event; later waits block until the next <see cref="Set"/>.</summary>
    public void Reset()
    {
        ThrowIfDisposed();
        using var lease = Region.Lease();
        Interlocked.And(ref State, ~SetBit);
    }

    /// <inheritdoc />
    internal override int ReadState() => Volatile.Read(ref State);

    #region event-wait-condition
    /// <summary>Decides whether a waiter that started at <paramref name="startState"/> may return now.</summary>
    internal override bool TryComplete(int startState)
    {
        int state = Volatile.Read(ref State);
        if (Mode == EventResetMode.ManualReset)
        {
            // Set now, or set (and perhaps reset) since this wait began: the generation moved.
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
    #endregion
}
