using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PooledMixIn.Preforking;

/// <summary>
/// Closing a listening socket resets every connection still in its accept queue: the kernel completed their
/// handshakes, their clients have sent requests, and they get RST. The server process therefore closes its listener
/// in three steps: stop the kernel completing new handshakes, let the workers drain, then accept what is still queued
/// and answer it before the close.
/// </summary>
internal static class ListenerDrain
{
    private const int SolSocket = 1;
    private const int SoAttachFilter = 26; // <asm-generic/socket.h>
    private const int SoDetachFilter = 27;
    private const ushort BpfRetK = 0x06; // BPF_RET | BPF_K: "return the constant k"
    private static readonly TimeSpan s_maxLinger = TimeSpan.FromSeconds(2);

    #region keep-new-connections-out
    /// <summary>
    /// Attaches a classic BPF program that accepts 0 bytes of every packet, that is drops it, to the listening socket.
    /// A TCP listener runs its filter on each SYN and on each handshake's last ACK before acting on it, so from now on
    /// no new connection completes: a client's SYN goes unanswered, it retransmits, and once the socket is closed it
    /// is refused (RST to a SYN, ECONNREFUSED) — a clean refusal, where a connection completed and then dropped with
    /// the queue would be reset mid-request. Connections already queued are not touched. Every process sharing the
    /// socket shares the filter.
    /// </summary>
    public static unsafe void KeepNewConnectionsOut(Socket listener)
    {
        var dropAll = new SockFilter { Code = BpfRetK, K = 0 };
        var program = new SockFprog { Length = 1, Filter = &dropAll };
        listener.SetRawSocketOption(SolSocket, SoAttachFilter, new ReadOnlySpan<byte>(&program, sizeof(SockFprog))); // the kernel copies the program
    }
    #endregion

    /// <summary>
    /// Detaches a filter <see cref="KeepNewConnectionsOut"/> left on an inherited listening socket, whose previous
    /// server stopped while something else (systemd's socket unit) kept the socket open. No filter is no error.
    /// </summary>
    public static void LetNewConnectionsIn(Socket listener)
    {
        try
        {
            // The kernel ignores the value, but wants one to read: an empty option is EFAULT.
            listener.SetRawSocketOption(SolSocket, SoDetachFilter, stackalloc byte[sizeof(int)]);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            // ENOENT, which .NET reports as AddressNotAvailable: none was attached, the usual case.
        }
    }

    /// <summary>Whether the kernel has the socket listening (SO_ACCEPTCONN), whatever the <see cref="Socket"/> object believes.</summary>
    public static bool IsListening(Socket socket) =>
        socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is int listening && listening != 0;

    /// <summary>Accepts, without blocking, every connection still queued on <paramref name="listener"/>.</summary>
    public static IEnumerable<Socket> AcceptQueued(Socket listener)
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = listener.Accept(); // the listener is non-blocking: WouldBlock once the queue is empty
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                continue; // its client gave up while it waited: nothing to answer
            }
            catch (SocketException)
            {
                yield break;
            }

            yield return connection;
        }
    }

    /// <summary>
    /// Apache's lingering close for many connections at once, bounded in all: FIN on each, then what their clients
    /// still send is read and discarded until each has closed its side or <see cref="s_maxLinger"/> has passed, then
    /// every connection is closed. A client that ignores the FIN costs the stop two seconds, not two per connection.
    /// </summary>
    public static void CloseAllGracefully(List<Socket> connections)
    {
        var open = new List<Socket>();
        foreach (var connection in connections)
        {
            try
            {
                connection.Shutdown(SocketShutdown.Send);
                open.Add(connection);
            }
            catch (SocketException)
            {
                connection.Dispose(); // reset by its client already
            }
        }

        var deadline = Environment.TickCount64 + (long)s_maxLinger.TotalMilliseconds;
        var sink = new byte[4096];
        while (open.Count > 0 && Environment.TickCount64 < deadline)
        {
            var readable = new List<Socket>(open);
            Socket.Select(readable, null, null, (int)Math.Max(0, deadline - Environment.TickCount64) * 1000);
            foreach (var connection in readable)
            {
                if (connection.Receive(sink, SocketFlags.None, out var error) <= 0 || error != SocketError.Success)
                {
                    open.Remove(connection); // end of stream (or an error): nothing more will come
                    connection.Dispose();
                }
            }
        }

        open.ForEach(connection => connection.Dispose());
    }

    /// <summary>struct sock_filter (linux/filter.h): one classic BPF instruction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SockFilter
    {
        public ushort Code;
        public byte JumpIfTrue;
        public byte JumpIfFalse;
        public uint K;
    }

    /// <summary>struct sock_fprog (linux/filter.h): a program, as SO_ATTACH_FILTER takes it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct SockFprog
    {
        public ushort Length;
        public SockFilter* Filter;
    }
}
