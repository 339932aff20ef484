using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// A fixed-length array of unmanaged structs in shared memory: one slot per worker or per thread,
/// like Apache's scoreboard. Each slot has the same address in every process relative to the
/// region, and writes are visible to all processes mapping it.
/// </summary>
/// <typeparam name="T">
/// An unmanaged struct with a fixed layout (<c>[StructLayout(LayoutKind.Sequential)]</c> or
/// <c>Explicit</c>); all processes must use the same definition. Fields updated concurrently should be
/// int or long, changed through <see cref="Interlocked"/> on the reference the indexer returns.
/// </typeparam>
[SupportedOSPlatform("linux")]
public sealed unsafe class SharedArray<T>
    where T : unmanaged
{
    private readonly SharedMemoryRegion _region;
    private readonly T* _first;

    /// <summary>Views <paramref name="length"/> slots of <typeparamref name="T"/> starting at <paramref name="offset"/>.</summary>
    /// <param name="region">The region holding the slots.</param>
    /// <param name="offset">Byte offset of slot 0, a multiple of 8.</param>
    /// <param name="length">Number of slots, at least 1.</param>
    public SharedArray(SharedMemoryRegion region, long offset, int length)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        region.ValidateRange(offset, (long)sizeof(T) * length, alignment: 8, nameof(offset));
        _region = region;
        _first = (T*)(region.BaseAddress + offset);
        Length = length;
    }

    /// <summary>The number of slots.</summary>
    public int Length { get; }

    /// <summary>
    /// A reference to slot <paramref name="index"/>, for reading, writing or <see cref="Interlocked"/> on
    /// its fields. Like a <see cref="Span{T}"/> over native memory, the reference must not be used after
    /// the region is disposed.
    /// </summary>
    /// <param name="index">0 to <see cref="Length"/> - 1.</param>
    public ref T this[int index]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_region.IsDisposed, _region);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
            return ref _first[index];
        }
    }

    /// <summary>All slots as a span (same lifetime rule as the indexer).</summary>
    public Span<T> AsSpan()
    {
        ObjectDisposedException.ThrowIf(_region.IsDisposed, _region);
        return new Span<T>(_first, Length);
    }
}
