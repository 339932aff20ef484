using System.Runtime.Versioning;

namespace PooledMixIn.Ipc;

/// <summary>
/// The first word of every synchronisation object is a magic number naming its type and layout
/// version. Create writes it last (with release semantics), Open checks it: a worker that computed a
/// wrong offset, or opened before the parent finished creating, gets a clear error instead of
/// silently treating random bytes as a semaphore.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe class SharedObjectHeader
{
    /// <summary>"SEM1" read as a little-endian int.</summary>
    internal const int SemaphoreMagic = 0x314D4553;

    /// <summary>"EVT1" read as a little-endian int.</summary>
    internal const int EventMagic = 0x31545645;

    /// <summary>Checks the place and returns the object's block, zeroed; fill in the fields, then <see cref="Publish"/>.</summary>
    internal static int* BeginCreate(SharedMemoryRegion region, long offset, int size)
    {
        region.ValidateRange(offset, size, alignment: 8, nameof(offset));
        using var lease = region.Lease();
        int* block = (int*)(region.BaseAddress + offset);
        new Span<byte>(block, size).Clear();
        return block;
    }

    /// <summary>Writes the magic number last, with release semantics, so an opener that sees it also sees every field.</summary>
    internal static void Publish(int* block, int magic) => Volatile.Write(ref *block, magic);

    /// <summary>Returns the block of an existing object, after checking its magic number.</summary>
    internal static int* Locate(SharedMemoryRegion region, long offset, int size, int magic, string typeName)
    {
        region.ValidateRange(offset, size, alignment: 8, nameof(offset));
        using var lease = region.Lease();
        int* block = (int*)(region.BaseAddress + offset);
        int found = Volatile.Read(ref *block);
        if (found != magic)
        {
            throw new InvalidOperationException(
                $"No {typeName} at offset {offset} (found magic 0x{found:X8}, expected 0x{magic:X8}). " +
                $"Create it in the parent before workers open it, and use the same {nameof(SharedMemoryLayout)} in both.");
        }

        return block;
    }
}
