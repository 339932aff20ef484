using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// Hands out fixed offsets in a region, in call order, so one region can hold the whole
/// coordination state of a server. Run the same sequence of Reserve calls in the parent and in
/// every worker and both get the same offsets; store them or recompute them, never guess them.
/// </summary>
/// <remarks>
/// Every reservation starts on its own 64-byte cache line by default. Two hot words of different
/// objects on one line would make every CPU that writes one of them invalidate the other's cache
/// ("false sharing"); the padding costs a few bytes and buys predictable latency.
/// </remarks>
/// <example>
/// <code>
/// var layout = new SharedMemoryLayout();
/// long semaphoreAt = layout.ReserveSemaphore();
/// long eventAt = layout.ReserveEvent();
/// long runningAt = layout.ReserveValue&lt;int&gt;();
/// using var region = SharedMemoryRegion.Create(layout.Size);
/// </code>
/// </example>
[SupportedOSPlatform("linux")]
public sealed class SharedMemoryLayout
{
    /// <summary>The cache-line size assumed for padding (64 bytes on x64 and on common Arm64 cores).</summary>
    public const int CacheLineSize = 64;

    /// <summary>The number of bytes reserved so far: the size to pass to <see cref="SharedMemoryRegion.Create"/>.</summary>
    public long Size { get; private set; }

    /// <summary>Reserves <paramref name="size"/> bytes aligned to <paramref name="alignment"/> and returns their offset.</summary>
    /// <param name="size">Bytes to reserve, at least 1.</param>
    /// <param name="alignment">A power of two; by default a cache line.</param>
    public long Reserve(long size, int alignment = CacheLineSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a positive power of two.");
        }

        long offset = (Size + alignment - 1) & ~(long)(alignment - 1);
        Size = offset + size;
        return offset;
    }

    /// <summary>Reserves a cache line for a <see cref="SharedSemaphore"/>.</summary>
    public long ReserveSemaphore() => Reserve(SharedSemaphore.SizeInBytes);

    /// <summary>Reserves a cache line for a <see cref="SharedEvent"/>.</summary>
    public long ReserveEvent() => Reserve(SharedEvent.SizeInBytes);

    /// <summary>Reserves a cache line for a <see cref="SharedValue{T}"/>.</summary>
    /// <typeparam name="T">int, uint, long or ulong.</typeparam>
    public unsafe long ReserveValue<T>()
        where T : unmanaged => Reserve(sizeof(T));

    /// <summary>Reserves a cache-line aligned block for a <see cref="SharedArray{T}"/> of <paramref name="length"/> elements.</summary>
    /// <typeparam name="T">The slot type.</typeparam>
    /// <param name="length">Number of elements, at least 1.</param>
    public unsafe long ReserveArray<T>(int length)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return Reserve((long)sizeof(T) * length);
    }
}
