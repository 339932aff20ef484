using System.Runtime.CompilerServices;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// An integer in shared memory with atomic operations that every process mapping the region sees:
/// the seed's <c>keep_running</c> flag, a request counter, a generation number.
/// </summary>
/// <typeparam name="T">int, uint, long or ulong (what <see cref="Interlocked"/> supports on a raw address).</typeparam>
/// <remarks>
/// <see cref="Interlocked"/> on a pointer into a MAP_SHARED mapping is a locked instruction on the
/// physical cache line, so it is atomic across processes exactly as across threads. The view adds no
/// state of its own; it can be created any number of times over the same offset.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed unsafe class SharedValue<T>
    where T : unmanaged
{
    private readonly SharedMemoryRegion _region;
    private readonly T* _address;

    /// <summary>Views the <typeparamref name="T"/> at <paramref name="offset"/> (a fresh region holds zero).</summary>
    /// <param name="region">The region holding the value.</param>
    /// <param name="offset">Byte offset, a multiple of sizeof(T).</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not int, uint, long or ulong.</exception>
    public SharedValue(SharedMemoryRegion region, long offset)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (typeof(T) != typeof(int) && typeof(T) != typeof(uint) && typeof(T) != typeof(long) && typeof(T) != typeof(ulong))
        {
            throw new NotSupportedException($"SharedValue<{typeof(T).Name}> is not supported: use int, uint, long or ulong.");
        }

        region.ValidateRange(offset, sizeof(T), sizeof(T), nameof(offset));
        _region = region;
        _address = (T*)(region.BaseAddress + offset);
    }

    /// <summary>Reads the value (acquire semantics).</summary>
    public T Read()
    {
        using var lease = _region.Lease();

        // Volatile.Read<T> is for classes only; the sized overloads give the acquire semantics here.
        ref T location = ref *_address;
        if (sizeof(T) == sizeof(int))
        {
            int value = Volatile.Read(ref Unsafe.As<T, int>(ref location));
            return Unsafe.As<int, T>(ref value);
        }

        long wide = Volatile.Read(ref Unsafe.As<T, long>(ref location));
        return Unsafe.As<long, T>(ref wide);
    }

    /// <summary>Writes the value (release semantics).</summary>
    /// <param name="value">The new value.</param>
    public void Write(T value)
    {
        using var lease = _region.Lease();
        ref T location = ref *_address;
        if (sizeof(T) == sizeof(int))
        {
            Volatile.Write(ref Unsafe.As<T, int>(ref location), Unsafe.As<T, int>(ref value));
        }
        else
        {
            Volatile.Write(ref Unsafe.As<T, long>(ref location), Unsafe.As<T, long>(ref value));
        }
    }

    /// <summary>Atomically replaces the value and returns the previous one.</summary>
    /// <param name="value">The new value.</param>
    public T Exchange(T value)
    {
        using var lease = _region.Lease();
        return Interlocked.Exchange(ref *_address, value);
    }

    /// <summary>Atomically sets the value to <paramref name="value"/> if it equals <paramref name="comparand"/>; returns the value seen.</summary>
    /// <param name="value">The value to store.</param>
    /// <param name="comparand">The value expected.</param>
    public T CompareExchange(T value, T comparand)
    {
        using var lease = _region.Lease();
        return Interlocked.CompareExchange(ref *_address, value, comparand);
    }

    /// <summary>Atomically adds <paramref name="value"/> (wrapping on overflow) and returns the new value.</summary>
    /// <param name="value">The amount to add.</param>
    public T Add(T value)
    {
        using var lease = _region.Lease();
        ref T location = ref *_address;

        // typeof tests on a struct T are constants to the JIT: each instantiation keeps one branch.
        if (typeof(T) == typeof(int))
        {
            int result = Interlocked.Add(ref Unsafe.As<T, int>(ref location), Unsafe.As<T, int>(ref value));
            return Unsafe.As<int, T>(ref result);
        }

        if (typeof(T) == typeof(uint))
        {
            uint result = Interlocked.Add(ref Unsafe.As<T, uint>(ref location), Unsafe.As<T, uint>(ref value));
            return Unsafe.As<uint, T>(ref result);
        }

        if (typeof(T) == typeof(long))
        {
            long result = Interlocked.Add(ref Unsafe.As<T, long>(ref location), Unsafe.As<T, long>(ref value));
            return Unsafe.As<long, T>(ref result);
        }

        ulong sum = Interlocked.Add(ref Unsafe.As<T, ulong>(ref location), Unsafe.As<T, ulong>(ref value));
        return Unsafe.As<ulong, T>(ref sum);
    }

    /// <summary>Atomically adds one and returns the new value.</summary>
    public T Increment() => Add(One());

    /// <summary>Atomically subtracts one and returns the new value.</summary>
    public T Decrement()
    {
        // Adding all-ones is subtracting one in two's complement, for signed and unsigned alike.
        T minusOne = default;
        new Span<byte>(&minusOne, sizeof(T)).Fill(0xFF);
        return Add(minusOne);
    }

    private static T One()
    {
        T one = default;
        *(byte*)&one = 1; // little-endian: the low byte comes first on every supported architecture
        return one;
    }
}
