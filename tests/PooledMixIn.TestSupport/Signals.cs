using System.Runtime.InteropServices;

namespace PooledMixIn.TestSupport;

/// <summary>Sends POSIX signals, which <see cref="System.Diagnostics.Process"/> cannot (its Kill is always SIGKILL).</summary>
public static class Signals
{
    /// <summary>SIGKILL: the process dies at once, without running any code of its own.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM: the polite request to stop.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    /// <exception cref="IOException">kill(2) failed (for example, no such process).</exception>
    public static void Send(int pid, int signal)
    {
        if (Interop.Libc.Kill(pid, signal) != 0)
        {
            throw new IOException($"kill({pid}, {signal}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }
}
