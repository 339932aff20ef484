using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EPOLL_CTL_ADD = 1;
        internal const int EPOLL_CTL_DEL = 2;

        /// <summary>
        /// epoll_ctl(2): adds a descriptor to, or removes it from, an epoll instance. <paramref name="ev"/> points at
        /// one <c>struct epoll_event</c> in this architecture's layout (<see cref="PooledMixIn.EpollEvents"/>).
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
        internal static unsafe partial int EpollCtl(int epfd, int op, int fd, byte* ev);
    }
}
