using System.Globalization;
using System.Net.Sockets;

namespace PooledMixIn.Preforking;

/// <summary>
/// systemd's socket activation: the service manager binds the socket and hands it to the server as descriptor 3,
/// announced by <c>LISTEN_FDS</c> and <c>LISTEN_PID</c> (see <c>sd_listen_fds(3)</c>). A process-based server
/// adopts it exactly as a worker adopts the socket its parent hands down.
/// </summary>
public static class SystemdSocketActivation
{
    /// <summary>The first descriptor systemd passes: SD_LISTEN_FDS_START.</summary>
    public const int FirstDescriptor = 3;

    /// <summary>
    /// Adopts the first socket systemd passed to this process, if any, and removes the variables from the
    /// environment (so the process's own children do not see them), as <c>sd_listen_fds(1)</c> does.
    /// </summary>
    /// <returns>The listening socket, or <see langword="null"/> when the process was not socket-activated.</returns>
    public static Socket? TryAdoptListeningSocket()
    {
        LinuxOnly.ThrowIfNotLinux();
        var count = Environment.GetEnvironmentVariable("LISTEN_FDS");
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        if (count is null || pid is null)
        {
            return null;
        }

        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);

        // The variables are meant for the process systemd started, not for its descendants.
        if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var listenPid) ||
            listenPid != Environment.ProcessId ||
            !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var fds) || fds < 1)
        {
            return null;
        }

        return InheritedSockets.AdoptListening(FirstDescriptor);
    }
}
