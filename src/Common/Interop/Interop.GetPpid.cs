using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>getppid(2): the parent's process id. It cannot fail.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getppid")]
        internal static partial int GetParentProcessId();
    }
}
