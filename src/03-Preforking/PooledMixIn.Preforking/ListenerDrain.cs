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
    private const ushort BpfRetK = 0x06; // BPF_RET | BPF_K: "return the constant k"

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
