using System.Runtime.InteropServices;
using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>A shared count on a cache line of its own, so that threads adding to neighbouring counts do not contend for one line.</summary>
[StructLayout(LayoutKind.Explicit, Size = SharedMemoryLayout.CacheLineSize)]
internal struct PaddedCount
{
    [FieldOffset(0)]
    public long Value;
}
