namespace PooledMixIn.Ipc.Tests;

/// <summary>Looks for region files this test process (or its children) left in /dev/shm.</summary>
internal static class DevShm
{
    /// <summary>Names in /dev/shm that a region created by process <paramref name="pid"/> would have.</summary>
    internal static string[] EntriesOf(int pid) =>
        Directory.GetFiles("/dev/shm", $"{SharedMemoryRegion.NamePrefix}{pid}-*");
}
