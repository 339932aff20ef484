using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int F_GETFD = 1;
        internal const int F_SETFD = 2;
        internal const int FD_CLOEXEC = 1;

        /// <summary>fcntl(2) with an int argument (F_GETFD, F_SETFD).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
        internal static partial int Fcntl(int fd, int command, int argument);
    }
}
