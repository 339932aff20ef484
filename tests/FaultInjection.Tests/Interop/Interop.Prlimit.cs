using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>prlimit(2): get and set a resource limit of another process (RLimit is src/Common's).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "prlimit", SetLastError = true)]
        internal static partial int Prlimit(int pid, int resource, in RLimit newLimit, out RLimit oldLimit);
    }
}
