using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PooledMixIn.Preforking;

/// <summary>Turns descriptors a process inherited into sockets, the way Kestrel's <c>FileHandleEndPoint</c> does.</summary>
internal static class InheritedSockets
{
    #region adopt-socket
    /// <summary>Adopts an inherited listening socket, keeping the server's non-blocking accept style.</summary>
    public static Socket AdoptListening(int fd)
    {
        var socket = Adopt(fd);

        // O_NONBLOCK belongs to the open file description, which every process shares: it is already set by the
        // parent's ServerActivate. Setting it again here only tells this Socket object so.
        socket.Blocking = false;
        return socket;
    }
    #endregion

    /// <summary>Adopts an inherited connected socket for blocking reads and writes.</summary>
    public static Socket AdoptConnection(int fd)
    {
        var socket = Adopt(fd);
        socket.Blocking = true;
        return socket;
    }

    /// <summary>Makes the kernel send this process SIGTERM when its parent dies, and checks the parent is still there.</summary>
    /// <returns><see langword="false"/> if the parent died before the request took effect.</returns>
    public static bool FollowParent(int expectedParentPid)
    {
        if (Interop.Libc.Prctl(Interop.Libc.PR_SET_PDEATHSIG, Interop.Libc.SIGTERM, 0, 0, 0) != 0)
        {
            throw new IOException($"prctl(PR_SET_PDEATHSIG) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        // The parent may have died between our start and prctl: then nobody will ever send the signal.
        return Interop.Libc.GetParentProcessId() == expectedParentPid;
    }

    private static Socket Adopt(int fd)
    {
        if (fd < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fd), fd, "Not a file descriptor.");
        }

        // The worker must not hand these descriptors on to processes it starts itself.
        CloseOnExec.Set(fd, closeOnExec: true);
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }
}
