using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>FUTEX_WAIT: sleep if <c>*uaddr == val</c>, checked atomically by the kernel.</summary>
        internal const int FUTEX_WAIT = 0;

        /// <summary>FUTEX_WAKE: wake up to <c>val</c> sleepers on <c>uaddr</c>.</summary>
        internal const int FUTEX_WAKE = 1;

        // Deliberately no FUTEX_PRIVATE_FLAG (128): a private futex is keyed by (mm, address) and only
        // matches threads of one process; a shared one is keyed by (inode, offset) of the mapping, so
        // two processes that map the same memfd at different addresses still meet on the same word.

        /// <summary><c>struct timespec</c> on 64-bit Linux: two 64-bit fields.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Timespec
        {
            internal long Seconds;
            internal long Nanoseconds;
        }

        /// <summary>
        /// <c>long syscall(long number, ...)</c> with the futex argument list. glibc has no futex()
        /// wrapper, so the call goes through syscall(2). Passing fixed arguments to a variadic
        /// function is safe for integer and pointer arguments on the 64-bit ABIs this library supports.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
        internal static unsafe partial long FutexSyscall(long number, int* uaddr, int futexOp, int val, Timespec* timeout, int* uaddr2, int val3);
    }
}
