using System.Runtime.InteropServices;

namespace PooledMixIn.Tests;

internal static partial class Interop
{
    /// <summary>dup(2): a second descriptor for the same open file, as a worker would hold after inheriting it.</summary>
    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    internal static partial int Dup(int fd);
}
