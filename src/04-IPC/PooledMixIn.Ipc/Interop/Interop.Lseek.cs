using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SEEK_END = 2;

        /// <summary>lseek(2): <c>lseek(fd, 0, SEEK_END)</c> gives the size of an inherited region without a struct stat.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "lseek", SetLastError = true)]
        internal static partial long Lseek(int fd, long offset, int whence);
    }
}
