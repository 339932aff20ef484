using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>ftruncate(2): sets the size of a fresh memfd or /dev/shm file (its pages read as zero).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "ftruncate", SetLastError = true)]
        internal static partial int Ftruncate(int fd, long length);
    }
}
