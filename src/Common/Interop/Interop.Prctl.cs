using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>Deliver a signal to this process when the thread that created it exits.</summary>
        internal const int PR_SET_PDEATHSIG = 1;

        /// <summary>prctl(2).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "prctl", SetLastError = true)]
        internal static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
    }
}
