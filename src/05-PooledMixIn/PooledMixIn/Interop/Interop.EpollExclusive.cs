internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// Linux 4.5+: when the descriptor is registered in several epoll instances, an event wakes the waiters of
        /// one <em>or more</em> of them instead of all. Allowed only with <c>EPOLL_CTL_ADD</c> (a <c>MOD</c> fails
        /// with <c>EINVAL</c>), and only with <c>EPOLLIN</c>, <c>EPOLLOUT</c>, <c>EPOLLET</c> and the like.
        /// </summary>
        internal const uint EPOLLEXCLUSIVE = 1u << 28;

        /// <summary>What <c>epoll_ctl</c> answers to a flag it does not know, such as EPOLLEXCLUSIVE before Linux 4.5.</summary>
        internal const int EINVAL = 22;
    }
}
