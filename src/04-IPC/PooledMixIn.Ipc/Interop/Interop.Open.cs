using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // Values shared by x86_64, arm64, riscv64 and loongarch64 (asm-generic/fcntl.h).
        internal const int O_RDWR = 0x2;
        internal const int O_CREAT = 0x40;
        internal const int O_EXCL = 0x80;
        internal const int O_CLOEXEC = 0x80000;

        /// <summary>open(2). shm_open(3) is exactly open() under /dev/shm, so it is used directly.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Open(string path, int flags, uint mode);
    }
}
