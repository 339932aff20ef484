using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PooledMixIn;

/// <summary>
/// Reads and writes <c>struct epoll_event</c> in the layout of the machine the process runs on. glibc declares it
/// packed on x86-64 only, so its size and the offset of its data differ between architectures; one build of the
/// library runs on both, so the layout is chosen at run time, once.
/// </summary>
internal static class EpollEvents
{
    /// <summary>Whether this machine packs the struct: x86-64 does (12 bytes), every other 64-bit Linux does not (16).</summary>
    public static readonly bool IsPacked = RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>The size of one <c>struct epoll_event</c> here, in bytes.</summary>
    public static int Size => IsPacked
        ? Unsafe.SizeOf<Interop.Libc.PackedEpollEvent>()
        : Unsafe.SizeOf<Interop.Libc.EpollEvent>();

    /// <summary>Writes one event at <paramref name="index"/> of <paramref name="buffer"/>.</summary>
    public static void Write(Span<byte> buffer, int index, uint events, ulong data)
    {
        var at = buffer[(index * Size)..];
        if (IsPacked)
        {
            MemoryMarshal.Write(at, new Interop.Libc.PackedEpollEvent { Events = events, Data = data });
        }
        else
        {
            MemoryMarshal.Write(at, new Interop.Libc.EpollEvent { Events = events, Data = data });
        }
    }

    /// <summary>Reads the event at <paramref name="index"/> of <paramref name="buffer"/>.</summary>
    public static (uint Events, ulong Data) Read(ReadOnlySpan<byte> buffer, int index)
    {
        var at = buffer[(index * Size)..];
        if (IsPacked)
        {
            var packed = MemoryMarshal.Read<Interop.Libc.PackedEpollEvent>(at);
            return (packed.Events, packed.Data);
        }

        var natural = MemoryMarshal.Read<Interop.Libc.EpollEvent>(at);
        return (natural.Events, natural.Data);
    }
}
