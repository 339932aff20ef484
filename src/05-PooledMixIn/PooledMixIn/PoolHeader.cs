using System.Runtime.InteropServices;

namespace PooledMixIn;

/// <summary>
/// The first line of a pool's region, written once by the server process: what the region is and the shape it
/// was laid out for, so that a worker configured unlike its server process (or built from another version of this
/// library) is refused with a message rather than misreading the offsets.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PoolHeader
{
    /// <summary>The value of <see cref="Magic"/> in a pool's region: "MPMX".</summary>
    public const int ExpectedMagic = 0x584D_504D;

    public int Magic;
    public int Processes;
    public int Threads;
    public int ThreadSlotSize;
    public long RegionSize;
}
