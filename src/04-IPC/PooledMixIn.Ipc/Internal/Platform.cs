using System.Runtime.InteropServices;

namespace PooledMixIn.Ipc;

/// <summary>The one place that decides whether this library can run here.</summary>
internal static class Platform
{
    /// <summary>The futex syscall number for this process's architecture, or 0 if unsupported.</summary>
    internal static readonly long FutexSyscallNumber = RuntimeInformation.ProcessArchitecture switch
    {
        // x86_64 has its own table; the newer 64-bit ports share asm-generic/unistd.h, where futex is 98.
        Architecture.X64 => 202,
        Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => 98,
        _ => 0,
    };

    /// <summary>Throws <see cref="PlatformNotSupportedException"/> unless this is 64-bit Linux with a known futex number.</summary>
    internal static void ThrowIfUnsupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "PooledMixIn.Ipc needs Linux (memfd_create, mmap and futex). On other systems .NET's named " +
                "Semaphore/EventWaitHandle or other IPC would be needed; this library does not emulate them.");
        }

        if (FutexSyscallNumber == 0)
        {
            throw new PlatformNotSupportedException(
                $"PooledMixIn.Ipc supports 64-bit Linux on x64, Arm64, RISC-V 64 and LoongArch64; " +
                $"this process runs on {RuntimeInformation.ProcessArchitecture}.");
        }
    }
}
