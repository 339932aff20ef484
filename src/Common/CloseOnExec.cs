using System.Runtime.InteropServices;

/// <summary>
/// FD_CLOEXEC, which decides whether a descriptor survives into the processes started next: .NET sets it on every
/// descriptor it creates, and a process-based server clears it on exactly those it hands to a worker. Linked into
/// each layer that needs it (src/Common), so it is written once.
/// </summary>
internal static class CloseOnExec
{
    private const int EINTR = 4;

    /// <summary>Sets or clears FD_CLOEXEC on <paramref name="fd"/>; with it cleared, the descriptor is inherited.</summary>
    /// <exception cref="IOException">fcntl failed (a descriptor that is not open, for example).</exception>
    public static void Set(int fd, bool closeOnExec)
    {
        var flags = Fcntl(fd, Interop.Libc.F_GETFD, 0, "F_GETFD");
        var wanted = closeOnExec ? flags | Interop.Libc.FD_CLOEXEC : flags & ~Interop.Libc.FD_CLOEXEC;
        if (wanted != flags)
        {
            Fcntl(fd, Interop.Libc.F_SETFD, wanted, "F_SETFD");
        }
    }

    /// <summary>Whether FD_CLOEXEC is set on <paramref name="fd"/>.</summary>
    /// <exception cref="IOException">fcntl failed.</exception>
    public static bool IsSet(int fd) => (Fcntl(fd, Interop.Libc.F_GETFD, 0, "F_GETFD") & Interop.Libc.FD_CLOEXEC) != 0;

    /// <summary>fcntl, retried when a signal interrupts it (children exiting send SIGCHLD).</summary>
    private static int Fcntl(int fd, int command, int argument, string name)
    {
        int result;
        while ((result = Interop.Libc.Fcntl(fd, command, argument)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }

        return result >= 0
            ? result
            : throw new IOException($"fcntl({name}) on descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }
}
