using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EPOLL_CTL_ADD = 1;
        internal const int EPOLL_CTL_DEL = 2;
        internal const uint EPOLLIN = 0x001;
        internal const uint EPOLLERR = 0x008;
        internal const uint EPOLLHUP = 0x010;
        internal const uint EPOLLRDHUP = 0x2000;
        internal const uint EPOLLET = 1u << 31;

        /// <summary>
        /// <c>struct epoll_event</c>, which the x86-64 kernel ABI packs: 4 bytes of events, then 8 of data, 12 in all.
        /// </summary>
        [StructLayout(LayoutKind.Sequential, Pack = 4)]
        internal struct EpollEvent
        {
            public uint Events;
            public ulong Data;
        }

        /// <summary>epoll_ctl(2): adds a descriptor to, or removes it from, an epoll instance.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
        internal static partial int EpollCtl(int epfd, int op, int fd, ref EpollEvent ev);
    }
}
