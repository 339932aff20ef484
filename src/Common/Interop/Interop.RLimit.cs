using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>RLIMIT_NOFILE: one more than the highest descriptor number a process may open.</summary>
        internal const int RLIMIT_NOFILE = 7;

        /// <summary>struct rlimit on 64-bit Linux: the soft limit, then the hard one.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct RLimit
        {
            public ulong Current;
            public ulong Maximum;
        }
    }
}
