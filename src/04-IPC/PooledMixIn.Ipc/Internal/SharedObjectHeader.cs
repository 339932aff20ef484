namespace PooledMixIn.Ipc;

/// <summary>
/// The first word of every synchronisation object is a magic number naming its type and layout
/// version. Create writes it last (with release semantics), Open checks it: a worker that computed a
/// wrong offset, or opened before the parent finished creating, gets a clear error instead of
/// silently treating random bytes as a semaphore.
/// </summary>
internal static class SharedObjectHeader
{
    /// <summary>"SEM1" read as a little-endian int.</summary>
    internal const int SemaphoreMagic = 0x314D4553;

    /// <summary>"EVT1" read as a little-endian int.</summary>
    internal const int EventMagic = 0x31545645;

    internal static unsafe void Verify(int* block, int expected, string typeName, long offset)
    {
        int found = Volatile.Read(ref *block);
        if (found != expected)
        {
            throw new InvalidOperationException(
                $"No {typeName} at offset {offset} (found magic 0x{found:X8}, expected 0x{expected:X8}). " +
                $"Create it in the parent before workers open it, and use the same {nameof(SharedMemoryLayout)} in both.");
        }
    }
}
