using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>
/// The whole coordination state of a pool, in one shared memory region that the server process creates and every
/// worker maps: the seed's semaphore, event and <c>keep_running</c>, the accept lock, counters and the scoreboard.
/// </summary>
/// <remarks>
/// <code>
/// offset  what                          who writes
///      0  header: magic, processes, threads   server process, once
///     64  token      SharedSemaphore    server releases one per connection; an idle thread takes it
///    128  accepted   SharedEvent        the thread that took the token sets it after accept
///    192  acceptLock SharedSemaphore    AcceptLock strategy: 1 = free
///    256  lockOwner  int                pid holding acceptLock, so a dead owner's lock can be recovered
///    320  keepRunning int               1 while the pool runs; 0 tells every thread to finish
///    384… counters   long × 4           accepted, completed, failed, lost hand-offs
///    448… scoreboard ThreadSlot[P × T]  each thread its own row (24 bytes each)
///      …  accepting  int                threads between taking a token and acknowledging it
/// </code>
/// Every object sits on its own 64-byte cache line, so a thread spinning on one never slows a writer of another.
/// </remarks>
internal sealed class PoolState : IDisposable
{
    private const int Magic = 0x584D_504D; // "MPMX"

    private PoolState(SharedMemoryRegion region, int processes, int threads, bool create)
    {
        Region = region;
        var (layout, header, token, accepted, acceptLock, lockOwner, keepRunning, counters, scoreboard, accepting) = Plan(processes, threads);
        // The header comes first, so that a worker configured unlike its server process hears that, not a size.
        Header = new SharedArray<int>(region, header, 4);
        if (!create && (Header[0] != Magic || Header[1] != processes || Header[2] != threads))
        {
            throw new InvalidOperationException(
                $"The inherited pool state is for {Header[1]} processes x {Header[2]} threads, but this worker was " +
                $"configured for {processes} x {threads}: configure the pool the same way in every process.");
        }

        if (region.Size < layout.Size)
        {
            throw new InvalidOperationException($"The region of {region.Size} bytes cannot hold a pool state of {layout.Size}.");
        }

        if (create)
        {
            (Header[0], Header[1], Header[2]) = (Magic, processes, threads);
            Token = SharedSemaphore.Create(region, token, 0);
            Accepted = SharedEvent.Create(region, accepted, initialState: false);
            AcceptLock = SharedSemaphore.Create(region, acceptLock, 1, 1);
        }
        else
        {
            Token = SharedSemaphore.Open(region, token);
            Accepted = SharedEvent.Open(region, accepted);
            AcceptLock = SharedSemaphore.Open(region, acceptLock);
        }

        LockOwner = new SharedValue<int>(region, lockOwner);
        Accepting = new SharedValue<int>(region, accepting);
        KeepRunning = new SharedValue<int>(region, keepRunning);
        Counters = new SharedArray<long>(region, counters, 4);
        Scoreboard = new SharedArray<ThreadSlot>(region, scoreboard, processes * threads);
        ThreadsPerProcess = threads;
        if (create)
        {
            KeepRunning.Write(1);
        }
    }

    #region pool-state-layout
    /// <summary>The same sequence of reservations in every process gives every process the same offsets.</summary>
    private static (SharedMemoryLayout Layout, long Header, long Token, long Accepted, long AcceptLock, long LockOwner,
        long KeepRunning, long Counters, long Scoreboard, long Accepting) Plan(int processes, int threads)
    {
        var layout = new SharedMemoryLayout();
        return (layout, layout.ReserveArray<int>(4), layout.ReserveSemaphore(), layout.ReserveEvent(),
            layout.ReserveSemaphore(), layout.ReserveValue<int>(), layout.ReserveValue<int>(),
            layout.ReserveArray<long>(4), layout.ReserveArray<ThreadSlot>(processes * threads), layout.ReserveValue<int>());
    }
    #endregion

    public SharedMemoryRegion Region { get; }

    public SharedArray<int> Header { get; }

    public SharedSemaphore Token { get; }

    public SharedEvent Accepted { get; }

    public SharedSemaphore AcceptLock { get; }

    public SharedValue<int> LockOwner { get; }

    /// <summary>Threads that took a token and have not yet acknowledged it: on their way to accept.</summary>
    public SharedValue<int> Accepting { get; }

    public SharedValue<int> KeepRunning { get; }

    /// <summary>[0] accepted, [1] completed, [2] failed, [3] lost hand-offs.</summary>
    public SharedArray<long> Counters { get; }

    public SharedArray<ThreadSlot> Scoreboard { get; }

    public int ThreadsPerProcess { get; }

    public static PoolState Create(int processes, int threads) =>
        Map(SharedMemoryRegion.Create(Plan(processes, threads).Layout.Size, "pooledmixin-pool"), processes, threads, create: true);

    public static PoolState OpenInherited(int fd, int processes, int threads) =>
        Map(SharedMemoryRegion.OpenInherited(fd), processes, threads, create: false);

    private static PoolState Map(SharedMemoryRegion region, int processes, int threads, bool create)
    {
        try
        {
            return new PoolState(region, processes, threads, create);
        }
        catch
        {
            region.Dispose();
            throw;
        }
    }

    public ref ThreadSlot SlotOf(int worker, int thread) => ref Scoreboard[worker * ThreadsPerProcess + thread];

    public void Dispose()
    {
        Token.Dispose();
        Accepted.Dispose();
        AcceptLock.Dispose();
        Region.Dispose();
    }
}
