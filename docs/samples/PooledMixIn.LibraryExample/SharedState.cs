using System.Runtime.InteropServices;
using System.Text;
using PooledMixIn.Ipc;

namespace PooledMixIn.LibraryExample;

/// <summary>
/// State that every worker of the pool sees: a visit counter and a small cache, in one shared memory region that
/// the server process creates (<see cref="CreateRegion"/>) and every worker maps (<see cref="Open"/>). The counter is
/// an atomic add on shared memory, exact across processes; the cache is guarded by a semaphore of one token, a lock
/// every process takes the same way.
/// </summary>
public sealed class SharedState
{
    /// <summary>How many entries the cache holds; a new key takes the place of the one in its slot.</summary>
    public const int CacheCapacity = 64;

    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(1);

    #region shared-layout
    // One layout, computed the same way in every process: each object at the same offset in every mapping.
    private static readonly SharedMemoryLayout s_layout = new();
    private static readonly long s_visitsAt = s_layout.ReserveValue<long>();
    private static readonly long s_cacheLockAt = s_layout.ReserveSemaphore();
    private static readonly long s_cacheAt = s_layout.ReserveArray<CacheEntry>(CacheCapacity);
    #endregion

    private readonly SharedValue<long> _visits;
    private readonly SharedSemaphore _cacheLock;
    private readonly SharedArray<CacheEntry> _cache;

    private SharedState(SharedMemoryRegion region)
    {
        _visits = new SharedValue<long>(region, s_visitsAt);
        _cacheLock = SharedSemaphore.Open(region, s_cacheLockAt);
        _cache = new SharedArray<CacheEntry>(region, s_cacheAt, CacheCapacity);
    }

    #region create-and-open
    /// <summary>In the server process, once: the region, zeroed, with the cache's lock free (one token).</summary>
    public static SharedMemoryRegion CreateRegion()
    {
        var region = SharedMemoryRegion.Create(s_layout.Size, "library-example-state");
        try
        {
            SharedSemaphore.Create(region, s_cacheLockAt, initialCount: 1, maximumCount: 1).Dispose(); // the view, not the lock
            return region;
        }
        catch
        {
            region.Dispose();
            throw;
        }
    }

    /// <summary>In any process: views of the state in a region made by <see cref="CreateRegion"/>.</summary>
    public static SharedState Open(SharedMemoryRegion region) => new(region);
    #endregion

    #region counter
    /// <summary>Counts one visit and returns its number: 1, 2, 3 … across all workers, none given twice.</summary>
    public long CountVisit() => _visits.Increment();

    /// <summary>How many visits were counted, by every worker.</summary>
    public long Visits => _visits.Read();
    #endregion

    #region cache
    /// <summary>Looks <paramref name="key"/> up; <see langword="null"/> when absent (never stored, evicted, or removed).</summary>
    /// <exception cref="TimeoutException">Another thread held the cache's lock for too long.</exception>
    public string? Get(string key)
    {
        using var held = Lock();
        ref var entry = ref _cache[SlotOf(key)];
        return entry.Holds(key) ? entry.Value : null;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, in place of what its slot held.</summary>
    /// <exception cref="ArgumentException">The key or the value is too long for an entry.</exception>
    public void Set(string key, string value)
    {
        var entry = CacheEntry.Of(key, value); // validates before taking the lock
        using var held = Lock();
        _cache[SlotOf(key)] = entry;
    }

    /// <summary>Removes <paramref name="key"/>; returns whether it was there.</summary>
    public bool Remove(string key)
    {
        using var held = Lock();
        ref var entry = ref _cache[SlotOf(key)];
        if (!entry.Holds(key))
        {
            return false;
        }

        entry = default;
        return true;
    }

    private static int SlotOf(string key) => (int)(Fnv1a(Encoding.UTF8.GetBytes(key)) % CacheCapacity);

    // A hash every process computes the same: string.GetHashCode is randomised per process.
    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private CacheLock Lock() => _cacheLock.Wait(s_lockTimeout)
        ? new CacheLock(_cacheLock)
        : throw new TimeoutException("The shared cache stayed locked for a second: a worker may have died holding it.");
    #endregion

    /// <summary>Gives the cache's token back when a <c>using</c> ends.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly struct CacheLock(SharedSemaphore semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
