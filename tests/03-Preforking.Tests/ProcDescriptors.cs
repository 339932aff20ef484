using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

/// <summary>
/// What the kernel says, through /proc, about a process's descriptors: which one is a given listening socket and
/// whether it is close-on-exec. Read from outside, so a test checks the server's real state, not a flag it set.
/// </summary>
internal static class ProcDescriptors
{
    private const int CloseOnExecFlag = 0x80000; // O_CLOEXEC (02000000 octal), as fdinfo's "flags:" line shows it

    /// <summary>The socket inode of the TCP socket listening on <paramref name="port"/>, from /proc/net/tcp.</summary>
    public static string ListeningSocketInode(int port) =>
        ListeningSockets.On(port) is [var first, ..] ? first.Inode : throw new InvalidOperationException($"No TCP socket listens on port {port}.");

    /// <summary>The descriptor numbers by which <paramref name="pid"/> holds the socket <paramref name="inode"/>.</summary>
    public static IReadOnlyList<int> DescriptorsOf(int pid, string inode) =>
        [.. Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Where(fd => new FileInfo(fd).LinkTarget == $"socket:[{inode}]")
            .Select(fd => int.Parse(Path.GetFileName(fd), CultureInfo.InvariantCulture))];

    /// <summary>Whether descriptor <paramref name="fd"/> of <paramref name="pid"/> is closed when the process execs.</summary>
    public static bool IsCloseOnExec(int pid, int fd)
    {
        var flags = File.ReadLines($"/proc/{pid}/fdinfo/{fd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        return (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & CloseOnExecFlag) != 0;
    }
}
