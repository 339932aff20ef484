using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int PROT_READ = 0x1;
        internal const int PROT_WRITE = 0x2;
        internal const int MAP_SHARED = 0x1;

        /// <summary>The value mmap returns on failure: <c>(void*)-1</c>.</summary>
        internal static readonly nint MAP_FAILED = -1;

        /// <summary>mmap(2). MAP_SHARED makes stores visible to every process mapping the same file.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "mmap", SetLastError = true)]
        internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);
    }
}
