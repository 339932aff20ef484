using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace PooledMixIn.Preforking;

/// <summary>
/// The zero-downtime upgrade (SIGUSR2), as gunicorn's and nginx's masters do it: the server process starts the
/// program on disk again as a new <em>server</em> process, which inherits the listening socket instead of binding,
/// so both serve from one kernel queue until the operator stops the old one. An environment variable tells the new
/// server apart from a worker and names the descriptor, like gunicorn's <c>GUNICORN_FD</c>.
/// </summary>
internal static class ServerUpgrade
{
    /// <summary>
    /// <c>pid:ordinal:fd</c>: the old server's pid (only its direct child believes the variable), which of the
    /// program's process-based servers the socket belongs to, and the inherited descriptor's number.
    /// </summary>
    public const string VariableName = "POOLEDMIXIN_UPGRADE_FROM";

    #region start-new-server
    /// <summary>
    /// Starts this program again as a new server process inheriting <paramref name="listener"/>. Its output and
    /// error are this process's own (not redirected), since it outlives this process.
    /// </summary>
    public static Process StartNewServer(Socket listener, int serverOrdinal)
    {
        var fd = FileDescriptors.NumberOf(listener);
        var startInfo = SelfProcess.StartInfo(Environment.GetCommandLineArgs().Skip(1));
        startInfo.Environment[VariableName] = string.Join(':',
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), serverOrdinal.ToString(CultureInfo.InvariantCulture),
            fd.ToString(CultureInfo.InvariantCulture));
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        WorkerSpawner.StartInheriting(process, [listener.SafeHandle]);
        return process;
    }
    #endregion

    /// <summary>
    /// In a server process started by <see cref="StartNewServer"/>: adopts the listening socket of server
    /// <paramref name="serverOrdinal"/>, and removes the variable so that the processes this one starts do not see it.
    /// </summary>
    /// <returns>The socket, or <see langword="null"/> when this process was not started by an upgrade.</returns>
    public static Socket? TryAdoptListeningSocket(int serverOrdinal)
    {
        var parts = Environment.GetEnvironmentVariable(VariableName)?.Split(':');
        if (parts is not { Length: 3 } ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var oldServer) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ||
            !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var fd) ||
            ordinal != serverOrdinal)
        {
            return null;
        }

        Environment.SetEnvironmentVariable(VariableName, null);
        return Interop.Libc.GetParentProcessId() == oldServer ? InheritedSockets.AdoptListening(fd) : null;
    }
}
