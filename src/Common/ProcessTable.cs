/// <summary>
/// Whether a process exists, as the kernel's process table in <c>/proc</c> says. Linked into every project that asks
/// (src/Common), so it is written once.
/// </summary>
internal static class ProcessTable
{
    /// <summary>
    /// Whether a process with <paramref name="pid"/> exists; a zombie not yet reaped, or another process that was given
    /// the same pid since, counts as existing, so callers use it only to recover what a dead process left behind.
    /// </summary>
    /// <param name="pid">The process id.</param>
    /// <returns><see langword="true"/> if <c>/proc/&lt;pid&gt;</c> exists.</returns>
    internal static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");
}
