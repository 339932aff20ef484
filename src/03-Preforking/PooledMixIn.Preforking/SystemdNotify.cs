using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PooledMixIn.Preforking;

/// <summary>
/// systemd's readiness protocol (<c>sd_notify(3)</c>): a service of <c>Type=notify</c> tells the service manager
/// its state by sending datagrams such as <c>READY=1</c> to the Unix socket named in <c>NOTIFY_SOCKET</c>. Outside
/// systemd the variable is absent and every call does nothing.
/// </summary>
public static class SystemdNotify
{
    /// <summary>The environment variable that names systemd's notification socket.</summary>
    public const string SocketVariable = "NOTIFY_SOCKET";

    /// <summary>Tells systemd the service is ready: it serves (<c>READY=1</c>, with this process as the main one).</summary>
    public static void Ready() => Send($"READY=1\nMAINPID={Environment.ProcessId}");

    /// <summary>Tells systemd the service is reloading (<c>RELOADING=1</c>); send <see cref="Ready"/> when done.</summary>
    public static void Reloading() =>
        Send($"RELOADING=1\nMONOTONIC_USEC={(Stopwatch.GetTimestamp() * 1_000_000.0 / Stopwatch.Frequency).ToString("F0", CultureInfo.InvariantCulture)}");

    /// <summary>Tells systemd the service is stopping (<c>STOPPING=1</c>).</summary>
    public static void Stopping() => Send("STOPPING=1");

    /// <summary>Sends <paramref name="state"/> (newline-separated assignments) to <c>NOTIFY_SOCKET</c>, if it is set.</summary>
    /// <returns>Whether the datagram was sent.</returns>
    public static bool Send(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var path = Environment.GetEnvironmentVariable(SocketVariable);
        if (string.IsNullOrEmpty(path) || !OperatingSystem.IsLinux())
        {
            return false;
        }

        // A leading '@' names a socket in the abstract namespace, which starts with a NUL byte.
        var endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false; // the manager has gone away: readiness is advisory, never a reason to stop serving
        }
    }
}
