using System.Runtime.CompilerServices;
using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>
/// The whole coordination state of a pool, in one shared memory region that the server process creates and every
/// worker maps, at the offsets of <see cref="PoolLayout"/>: the seed's semaphore, event and <c>keep_running</c>, the
/// accept lock, the counters and the scoreboard.
/// </summary>
internal sealed class PoolState : IDisposable
{
    private readonly SharedArray<PoolHeader> _header;
    private readonly SharedArray<PoolCounters> _counters;

    private PoolState(SharedMemoryRegion region, int processes, int threads, bool create)
    {
        Region = region;
        Layout = PoolLayout.For(processes, threads);
        if (region.Size < Layout.Header + SharedMemoryLayout.CacheLineSize)
        {
            throw new InvalidOperationException($"The region of {region.Size} bytes is too small to be a pool's state.");
        }

        // The header comes first, so that a worker configured unlike its server process hears that, not a size.
        _header = new SharedArray<PoolHeader>(region, Layout.Header, 1);
        var expected = new PoolHeader
        {
            Magic = PoolHeader.ExpectedMagic, Processes = processes, Threads = threads,
            ThreadSlotSize = Unsafe.SizeOf<ThreadSlot>(), RegionSize = Layout.Size,
        };
        if (create)
        {
            Header = expected;
        }
        else
        {
            ThrowIfUnlike(Header, expected);
        }

        if (create)
        {
            Token = SharedSemaphore.Create(region, Layout.Token, 0);
            Accepted = SharedEvent.Create(region, Layout.Accepted, initialState: false);
            AcceptLock = SharedSemaphore.Create(region, Layout.AcceptLock, 1, 1);
        }
        else
        {
            Token = SharedSemaphore.Open(region, Layout.Token);
            Accepted = SharedEvent.Open(region, Layout.Accepted);
            AcceptLock = SharedSemaphore.Open(region, Layout.AcceptLock);
        }

        LockOwner = new SharedValue<int>(region, Layout.LockOwner);
        KeepRunning = new SharedValue<int>(region, Layout.KeepRunning);
        Accepting = new SharedValue<int>(region, Layout.Accepting);
        _counters = new SharedArray<PoolCounters>(region, Layout.Counters, 1);
        Scoreboard = new SharedArray<ThreadSlot>(region, Layout.Scoreboard, processes * threads);
        ThreadsPerProcess = threads;
        if (create)
        {
            KeepRunning.Write(1);
        }
    }

    public SharedMemoryRegion Region { get; }

    public PoolLayout Layout { get; }

    public ref PoolHeader Header => ref _header[0];

    public SharedSemaphore Token { get; }

    public SharedEvent Accepted { get; }

    public SharedSemaphore AcceptLock { get; }

    public SharedValue<int> LockOwner { get; }

    /// <summary>Threads that took a token and have not yet acknowledged it: on their way to accept.</summary>
    public SharedValue<int> Accepting { get; }

    public SharedValue<int> KeepRunning { get; }

    public ref PoolCounters Counters => ref _counters[0];

    public SharedArray<ThreadSlot> Scoreboard { get; }

    public int ThreadsPerProcess { get; }

    public static PoolState Create(int processes, int threads) =>
        Map(SharedMemoryRegion.Create(PoolLayout.For(processes, threads).Size, "pooledmixin-pool"), processes, threads, create: true);

    public static PoolState OpenInherited(int fd, int processes, int threads) =>
        Map(SharedMemoryRegion.OpenInherited(fd), processes, threads, create: false);

    public ref ThreadSlot SlotOf(int worker, int thread) => ref Scoreboard[worker * ThreadsPerProcess + thread];

    /// <summary>
    /// In the server process, once the worker in <paramref name="worker"/> has exited: marks its rows dead, since a
    /// worker killed with SIGKILL never got to, and frees the accept lock if it died holding it.
    /// </summary>
    public void MarkWorkerDead(int worker)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var thread = 0; thread < ThreadsPerProcess; thread++)
        {
            ref var slot = ref SlotOf(worker, thread);
            var pid = slot.ProcessId;
            if (pid != 0 && LockOwner.CompareExchange(0, pid) == pid)
            {
                ReleaseAcceptLockOfDeadOwner();
            }

            slot.ProcessId = 0;
            slot.Activity = (int)ThreadActivity.Dead;
            slot.ChangedAtUnixMilliseconds = now;
        }
    }

    /// <summary>Releases the accept lock for an owner that died holding it (whoever cleared the owner first).</summary>
    public void ReleaseAcceptLockOfDeadOwner()
    {
        try
        {
            AcceptLock.Release();
        }
        catch (SemaphoreFullException)
        {
            // It was released after all.
        }
    }

    public void Dispose()
    {
        Token.Dispose();
        Accepted.Dispose();
        AcceptLock.Dispose();
        Region.Dispose();
    }

    private static void ThrowIfUnlike(PoolHeader found, PoolHeader expected)
    {
        if (found.Magic != PoolHeader.ExpectedMagic)
        {
            throw new InvalidOperationException("The inherited region is not a pool's state.");
        }

        if (found.Processes != expected.Processes || found.Threads != expected.Threads)
        {
            throw new InvalidOperationException(
                $"The inherited pool state is for {found.Processes} processes x {found.Threads} threads, but this worker " +
                $"was configured for {expected.Processes} x {expected.Threads}: configure the pool the same way in every process.");
        }

        if (found.ThreadSlotSize != expected.ThreadSlotSize || found.RegionSize != expected.RegionSize)
        {
            throw new InvalidOperationException(
                $"The inherited pool state was laid out by another version of this library ({found.RegionSize} bytes, " +
                $"rows of {found.ThreadSlotSize}; this one expects {expected.RegionSize} and {expected.ThreadSlotSize}): " +
                "run the same build in every process.");
        }
    }

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
}
