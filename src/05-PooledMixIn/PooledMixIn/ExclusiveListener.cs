using System.Net.Sockets;
using System.Runtime.InteropServices;
using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>
/// One worker's own wait on the pool's shared listening socket: an epoll instance of its own, in which the socket is
/// registered <c>EPOLLIN | EPOLLEXCLUSIVE</c> while, and only while, the worker has an idle thread.
/// </summary>
/// <remarks>
/// <para>
/// Every worker has such an instance, so the listening socket's wait queue holds one exclusive entry per worker with
/// an idle thread. For a new connection the kernel walks that queue and stops at the first entry whose epoll instance
/// has a thread in <c>epoll_wait</c> (an instance with no waiter does not count as woken, and the walk goes on): one
/// worker wakes, not every thread of every worker. <c>epoll_ctl(2)</c> promises "one <em>or more</em>", though: two
/// connections that arrive together, or one that arrives while the walk races a new waiter, can wake two workers for
/// one connection. The loser's accept is non-blocking (layer 1 made the listening socket so) and returns
/// <c>EAGAIN</c>, which <c>GetRequest</c> treats as "nothing queued": the thread ends its turn and waits again.
/// </para>
/// <para>
/// Registering only while a thread is idle keeps the rule "accept only when a thread is idle" visible in the kernel's
/// own table: a worker whose threads are all busy is not in the socket's wait queue at all, and its connections stay
/// in the shared backlog for a worker that can serve them. <c>EPOLLEXCLUSIVE</c> cannot be changed with
/// <c>EPOLL_CTL_MOD</c> (<c>EINVAL</c>), so the registration is added and deleted.
/// </para>
/// </remarks>
internal sealed class ExclusiveListener : IDisposable
{
    private readonly SafeFileDescriptorHandle _epoll;
    private readonly Socket _listening;
    private readonly object _gate = new();
    private int _idleThreads;

    /// <param name="listening">The pool's shared listening socket, inherited from the server process.</param>
    public ExclusiveListener(Socket listening)
    {
        _listening = listening;
        var fd = Interop.Libc.EpollCreate1(Interop.Libc.EPOLL_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        _epoll = new SafeFileDescriptorHandle(fd, ownsHandle: true);
    }

    #region exclusive-listener-registration
    /// <summary>A thread of this worker became idle: the first one registers the worker on the socket.</summary>
    public void ThreadIdle()
    {
        lock (_gate)
        {
            if (_idleThreads++ == 0)
            {
                Control(Interop.Libc.EPOLL_CTL_ADD, Interop.Libc.EPOLLIN | Interop.Libc.EPOLLEXCLUSIVE);
            }
        }
    }

    /// <summary>A thread of this worker is about to serve: the last idle one takes the worker off the socket.</summary>
    public void ThreadBusy()
    {
        lock (_gate)
        {
            if (--_idleThreads == 0)
            {
                Control(Interop.Libc.EPOLL_CTL_DEL, events: 0);
            }
        }
    }
    #endregion

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the kernel to pick this worker for a queued connection. Level
    /// triggered: a connection left queued is reported again to the next caller.
    /// </summary>
    /// <returns>Whether the socket is readable, as far as the kernel knew when it woke this worker.</returns>
    public bool WaitReadable(TimeSpan timeout)
    {
        var milliseconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, int.MaxValue);
        var added = false;
        try
        {
            _epoll.DangerousAddRef(ref added); // a close racing the wait must not hand the number to another file
            var count = WaitForOneEvent(_epoll, milliseconds);
            if (count < 0 && Marshal.GetLastPInvokeError() != Interop.Libc.EINTR)
            {
                throw new IOException($"epoll_wait failed: errno {Marshal.GetLastPInvokeError()}.");
            }

            return count > 0;
        }
        finally
        {
            if (added)
            {
                _epoll.DangerousRelease();
            }
        }
    }

    /// <summary>Closes the epoll instance; the listening socket, shared with the other processes, stays open.</summary>
    public void Dispose() => _epoll.Dispose();

    // The two calls that depend on struct epoll_event's layout, kept together.

    private unsafe void Control(int operation, uint events)
    {
        Span<byte> registration = stackalloc byte[16]; // room for either layout of struct epoll_event
        EpollEvents.Write(registration, 0, events, 0);
        var fd = (int)_listening.SafeHandle.DangerousGetHandle();
        int result;
        fixed (byte* pointer = registration)
        {
            result = Interop.Libc.EpollCtl(_epoll.FileDescriptor, operation, fd, pointer);
        }

        if (result != 0 && operation == Interop.Libc.EPOLL_CTL_ADD && Marshal.GetLastPInvokeError() == Interop.Libc.EINVAL)
        {
            throw new PlatformNotSupportedException(
                "epoll_ctl refused EPOLLEXCLUSIVE (EINVAL): AcceptStrategy.EpollExclusive needs Linux 4.5 or later. Use AcceptStrategy.Handoff.");
        }

        if (result != 0)
        {
            throw new IOException($"epoll_ctl({operation}) on the listening socket failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private static unsafe int WaitForOneEvent(SafeFileDescriptorHandle epoll, int milliseconds)
    {
        byte* ready = stackalloc byte[16]; // which event it was does not matter: there is one descriptor
        return Interop.Libc.EpollWait(epoll.FileDescriptor, ready, 1, milliseconds);
    }
}
