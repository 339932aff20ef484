using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EINTR = 4;

        /// <summary>
        /// epoll_wait(2): waits up to <paramref name="timeout"/> ms for events, written to <paramref name="events"/> in
        /// this architecture's <c>struct epoll_event</c> layout; -1 with EINTR when a signal came first.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "epoll_wait", SetLastError = true)]
        internal static unsafe partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);
    }
}
