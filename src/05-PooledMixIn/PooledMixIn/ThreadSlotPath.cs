using System.Runtime.CompilerServices;

namespace PooledMixIn;

/// <summary>The bytes of a <see cref="ThreadSlot"/>'s path, inline in the row so that the row stays one shared struct.</summary>
[InlineArray(Capacity)]
internal struct ThreadSlotPath
{
    /// <summary>The longest path a row keeps, in bytes: what is left of two cache lines after the row's other fields.</summary>
    public const int Capacity = 100;

    private byte _first;
}
