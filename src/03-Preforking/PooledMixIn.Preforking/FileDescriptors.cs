using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PooledMixIn.Preforking;

/// <summary>Inheritance of file descriptors across <c>exec</c>, which every socket .NET creates refuses by default.</summary>
internal static class FileDescriptors
{
    public static int NumberOf(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    public static int NumberOf(SafeHandle handle) => (int)handle.DangerousGetHandle();

    /// <summary>Sets or clears FD_CLOEXEC; with it cleared, the descriptor survives into processes started next.</summary>
    public static void SetCloseOnExec(int fd, bool closeOnExec)
    {
        int flags;
        while ((flags = Interop.Libc.Fcntl(fd, Interop.Libc.F_GETFD, 0)) < 0 && Marshal.GetLastPInvokeError() == EintrNumber)
        {
        }

        if (flags < 0)
        {
            throw new IOException($"fcntl(F_GETFD) on descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var wanted = closeOnExec ? flags | Interop.Libc.FD_CLOEXEC : flags & ~Interop.Libc.FD_CLOEXEC;
        if (Interop.Libc.Fcntl(fd, Interop.Libc.F_SETFD, wanted) < 0)
        {
            throw new IOException($"fcntl(F_SETFD) on descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    public static bool IsCloseOnExec(int fd) =>
        (Interop.Libc.Fcntl(fd, Interop.Libc.F_GETFD, 0) & Interop.Libc.FD_CLOEXEC) != 0;

    private const int EintrNumber = 4;
}
