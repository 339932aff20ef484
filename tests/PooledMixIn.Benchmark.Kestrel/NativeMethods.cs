using System.Runtime.InteropServices;

namespace PooledMixIn.Benchmark.Kestrel;

/// <summary>The one native call the demo line needs.</summary>
internal static partial class NativeMethods
{
    /// <summary>getppid(2): the parent's process id, for the line's PPID field. It cannot fail.</summary>
    [LibraryImport("libc", EntryPoint = "getppid")]
    internal static partial int GetParentProcessId();
}
