using System.Runtime.InteropServices;
using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>
/// The pool's shared counters, each on a cache line of its own: every pool thread of every process increments
/// <see cref="Accepted"/> and <see cref="Completed"/> once per connection, and two counters on one line would make
/// each increment invalidate the other's line in every other core's cache.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 4 * SharedMemoryLayout.CacheLineSize)]
internal struct PoolCounters
{
    /// <summary>Connections accepted by pool threads.</summary>
    [FieldOffset(0 * SharedMemoryLayout.CacheLineSize)]
    public long Accepted;

    /// <summary>Connections served to the end without an exception.</summary>
    [FieldOffset(1 * SharedMemoryLayout.CacheLineSize)]
    public long Completed;

    /// <summary>Connections whose handler threw.</summary>
    [FieldOffset(2 * SharedMemoryLayout.CacheLineSize)]
    public long Failed;

    /// <summary>Hand-offs the server process gave up waiting for.</summary>
    [FieldOffset(3 * SharedMemoryLayout.CacheLineSize)]
    public long LostHandoffs;
}
