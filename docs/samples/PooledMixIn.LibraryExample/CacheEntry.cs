using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace PooledMixIn.LibraryExample;

/// <summary>
/// One entry of the shared cache, laid out in shared memory: no references (another process could not follow
/// them), only bytes of fixed size, so every process reads the same struct at the same offset.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CacheEntry
{
    /// <summary>The longest key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 32;

    /// <summary>The longest value, in UTF-8 bytes.</summary>
    public const int MaxValueBytes = 64;

    private int _keyLength;
    private int _valueLength;
    private KeyBytes _key;
    private ValueBytes _value;

    /// <summary>The value, as stored.</summary>
    public readonly string Value => Encoding.UTF8.GetString(((ReadOnlySpan<byte>)_value)[.._valueLength]);

    /// <summary>An entry holding <paramref name="key"/> and <paramref name="value"/>.</summary>
    public static CacheEntry Of(string key, string value)
    {
        var entry = default(CacheEntry);
        entry._keyLength = Encode(key, entry._key, nameof(key));
        entry._valueLength = Encode(value, entry._value, nameof(value));
        return entry;
    }

    /// <summary>Whether this entry holds <paramref name="key"/>.</summary>
    public readonly bool Holds(string key)
    {
        Span<byte> bytes = stackalloc byte[MaxKeyBytes];
        return _keyLength > 0 && Encoding.UTF8.TryGetBytes(key, bytes, out var length)
            && ((ReadOnlySpan<byte>)_key)[.._keyLength].SequenceEqual(bytes[..length]);
    }

    private static int Encode(string text, Span<byte> into, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(text, name);
        return Encoding.UTF8.TryGetBytes(text, into, out var length)
            ? length
            : throw new ArgumentException($"At most {into.Length} bytes of UTF-8.", name);
    }

    [InlineArray(MaxKeyBytes)]
    private struct KeyBytes
    {
        private byte _first;
    }

    [InlineArray(MaxValueBytes)]
    private struct ValueBytes
    {
        private byte _first;
    }
}
