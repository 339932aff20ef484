using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>_SC_CLK_TCK on Linux: the unit of the CPU times in /proc/PID/stat.</summary>
        internal const int SC_CLK_TCK = 2;

        /// <summary>sysconf(3).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "sysconf", SetLastError = true)]
        internal static partial long SysConf(int name);
    }
}
