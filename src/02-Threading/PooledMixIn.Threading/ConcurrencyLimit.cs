using System.Diagnostics.CodeAnalysis;

namespace PooledMixIn.Threading;

/// <summary>
/// The bound on live request threads: a counting semaphore of free slots that the serve loop takes <em>before</em>
/// it accepts, so a connection is accepted only when a thread can run it.
/// </summary>
/// <remarks>
/// <para>
/// When every slot is taken the serve loop stops accepting. New connections wait in the kernel's listen queue
/// (<c>RequestQueueSize</c>, 1024 by default) and are accepted, in order, as threads finish. Nothing is dropped by
/// the server; only when that queue is full does Linux ignore new SYNs, and the clients' TCP retransmits them.
/// </para>
/// <para>
/// The serve loop reserves a slot in <see cref="TryReserve"/>, waiting at most one poll interval so that it still
/// notices a shutdown while every thread is busy; <see cref="Take"/> consumes that reservation when a connection is
/// accepted, and <see cref="CancelReservation"/> returns it when none was. A connection that arrives without a
/// reservation (through <c>HandleRequest</c>) waits in <see cref="Take"/> for a free slot.
/// </para>
/// <para>
/// Only the thread running the serve loop reserves, takes and cancels; any request thread releases. The semaphore
/// is never disposed: a daemon thread may release its slot after the server has closed.
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "A daemon thread may release after close; a SemaphoreSlim whose wait handle is never used holds nothing to free.")]
internal sealed class ConcurrencyLimit
{
    private readonly SemaphoreSlim? _freeSlots;
    private readonly RequestCounters _counters;
    private bool _reserved;
    private bool _atCapacity;

    /// <param name="maximum">The most requests in flight at once; <see langword="null"/> for no bound.</param>
    /// <param name="counters">Where reaching the bound is counted.</param>
    public ConcurrencyLimit(int? maximum, RequestCounters counters)
    {
        if (maximum is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maximum));
            _freeSlots = new SemaphoreSlim(max, max);
        }

        _counters = counters;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a free slot and keeps it for the next accept.</summary>
    /// <returns><see langword="false"/> if every slot stayed taken: do not accept this turn.</returns>
    public bool TryReserve(TimeSpan timeout)
    {
        if (_freeSlots is null || _reserved)
        {
            return true;
        }

        if (!_freeSlots.Wait(0))
        {
            if (!_atCapacity)
            {
                _atCapacity = true;
                _counters.OnCapacityReached();
            }

            if (!_freeSlots.Wait(timeout))
            {
                return false;
            }
        }

        _atCapacity = false;
        _reserved = true;
        return true;
    }

    /// <summary>Takes a slot for an accepted connection: the reserved one, or the next one to become free.</summary>
    public void Take()
    {
        if (_freeSlots is null)
        {
            return;
        }

        if (_reserved)
        {
            _reserved = false;
            return;
        }

        _freeSlots.Wait();
    }

    /// <summary>Returns a reservation no connection used.</summary>
    public void CancelReservation()
    {
        if (_reserved)
        {
            _reserved = false;
            _freeSlots!.Release();
        }
    }

    /// <summary>Frees the slot of a finished request.</summary>
    public void Release() => _freeSlots?.Release();
}
