namespace PooledMixIn.Preforking;

/// <summary>The one place that says this layer needs Linux, and why.</summary>
internal static class LinuxOnly
{
    public static void ThrowIfNotLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "Worker processes need Linux: they inherit the listening socket by file descriptor (fcntl FD_CLOEXEC) " +
                "and follow their parent's life with prctl(PR_SET_PDEATHSIG).");
        }
    }
}
