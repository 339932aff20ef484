using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>
/// Where each object of a pool's shared region lives: declared once, here, and computed from the pool's shape, so
/// the server process and every worker derive the same offsets from one definition. Every object starts on a cache
/// line of its own (<see cref="SharedMemoryLayout"/>), and so does every scoreboard row (<see cref="ThreadSlot"/>
/// fills one line).
/// </summary>
/// <param name="Header">The <see cref="PoolHeader"/>: what the region is, written once by the server process.</param>
/// <param name="Token">The seed's semaphore: the server process releases one per connection; an idle thread takes it.</param>
/// <param name="Accepted">The seed's event: the thread that took the token sets it once it has accepted.</param>
/// <param name="AcceptLock">The accept-lock strategy's cross-process lock (nginx's accept_mutex): 1 = free.</param>
/// <param name="LockOwner">The pid holding <paramref name="AcceptLock"/>, so that a dead owner's lock can be recovered.</param>
/// <param name="KeepRunning">The seed's <c>keep_running</c>: 1 while the pool runs, 0 tells every thread to finish.</param>
/// <param name="Accepting">Threads that took a token and have not acknowledged it yet: on their way to accept.</param>
/// <param name="Counters">The <see cref="PoolCounters"/>.</param>
/// <param name="Scoreboard">One <see cref="ThreadSlot"/> per pool thread, worker by worker.</param>
/// <param name="Size">The region's size in bytes.</param>
internal sealed record PoolLayout(
    long Header, long Token, long Accepted, long AcceptLock, long LockOwner, long KeepRunning, long Accepting,
    long Counters, long Scoreboard, long Size)
{
    #region pool-state-layout
    /// <summary>The layout of a pool of <paramref name="processes"/> × <paramref name="threads"/>.</summary>
    public static PoolLayout For(int processes, int threads)
    {
        var region = new SharedMemoryLayout();
        return new PoolLayout(
            Header: region.ReserveArray<PoolHeader>(1),
            Token: region.ReserveSemaphore(),
            Accepted: region.ReserveEvent(),
            AcceptLock: region.ReserveSemaphore(),
            LockOwner: region.ReserveValue<int>(),
            KeepRunning: region.ReserveValue<int>(),
            Accepting: region.ReserveValue<int>(),
            Counters: region.ReserveArray<PoolCounters>(1),
            Scoreboard: region.ReserveArray<ThreadSlot>(processes * threads),
            Size: region.Size);
    }
    #endregion
}
