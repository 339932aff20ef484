using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>SIGTERM: the polite stop every demo handles (Process.Kill only sends SIGKILL).</summary>
        internal const int SIGTERM = 15;

        /// <summary>kill(2).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "kill", SetLastError = true)]
        internal static partial int Kill(int pid, int signal);
    }
}
