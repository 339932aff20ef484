using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const uint EPOLLIN = 0x001;
        internal const uint EPOLLERR = 0x008;
        internal const uint EPOLLHUP = 0x010;
        internal const uint EPOLLRDHUP = 0x2000;
        internal const uint EPOLLET = 1u << 31;

        /// <summary>
        /// <c>struct epoll_event</c> as the kernel lays it out on every 64-bit architecture but one: 4 bytes of
        /// events, 4 of padding, 8 of data, 16 in all (arm64, riscv64, …).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct EpollEvent
        {
            public uint Events;
            public ulong Data;
        }

        /// <summary>
        /// <c>struct epoll_event</c> on x86-64, where the kernel ABI packs it (glibc's <c>__EPOLL_PACKED</c>, defined
        /// for x86-64 only): 4 bytes of events, then 8 of data, 12 in all.
        /// </summary>
        [StructLayout(LayoutKind.Sequential, Pack = 4)]
        internal struct PackedEpollEvent
        {
            public uint Events;
            public ulong Data;
        }
    }
}
