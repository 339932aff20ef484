using System.Globalization;
using System.Runtime.InteropServices;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// Lowers another process's RLIMIT_NOFILE with prlimit(2), as <c>ulimit -n</c> would have before it started, but
/// after it has started: its own descriptors stay open and it can open only a few more.
/// </summary>
internal static class DescriptorLimit
{
    /// <summary>Lets <paramref name="pid"/> open about <paramref name="more"/> descriptors beyond those it has open now.</summary>
    /// <returns>The new soft limit.</returns>
    /// <exception cref="IOException">prlimit failed.</exception>
    public static int AllowOnly(int pid, int more)
    {
        var open = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Select(fd => int.Parse(Path.GetFileName(fd), CultureInfo.InvariantCulture))
            .ToHashSet();

        // The limit is on descriptor numbers, not on their count: a new descriptor takes the lowest free number, and
        // must be below the limit. So the limit is set just above the first `more` free numbers. Descriptors open
        // above it (a test host may leave a few to its children) stay open and usable. Soft and hard alike, as
        // `ulimit -n` sets both.
        var limit = 0;
        for (var free = 0; free < more; limit++)
        {
            free += open.Contains(limit) ? 0 : 1;
        }

        var lowered = new Interop.Libc.RLimit { Current = (ulong)limit, Maximum = (ulong)limit };
        if (Interop.Libc.Prlimit(pid, Interop.Libc.RLIMIT_NOFILE, lowered, out _) != 0)
        {
            throw new IOException($"prlimit({pid}, {limit}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return limit;
    }
}
