using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>getrlimit(2): a resource limit of this process.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getrlimit", SetLastError = true)]
        internal static partial int GetRlimit(int resource, out RLimit limit);
    }
}
