using System.Buffers.Binary;
using System.Net.Sockets;

namespace PooledMixIn;

/// <summary>How many connections wait in a listening socket's accept queue, from the kernel's own count.</summary>
internal static class AcceptQueue
{
    private const int IpProtoTcp = 6;
    private const int TcpInfo = 11;

    // For a socket in LISTEN state Linux reports the accept queue's length in tcp_info's tcpi_unacked field
    // (and its limit in tcpi_sacked): offset 24, after eight one-byte fields and four 32-bit ones.
    private const int UnackedOffset = 24;

    /// <summary>The number of connections waiting to be accepted; 1 when the kernel cannot say (a Unix socket).</summary>
    public static int Length(Socket listening)
    {
        if (listening.ProtocolType != ProtocolType.Tcp)
        {
            return 1;
        }

        Span<byte> info = stackalloc byte[104];
        try
        {
            var length = listening.GetRawSocketOption(IpProtoTcp, TcpInfo, info);
            return length >= UnackedOffset + 4
                ? Math.Max(1, (int)BinaryPrimitives.ReadUInt32LittleEndian(info[UnackedOffset..]))
                : 1;
        }
        catch (SocketException)
        {
            return 1;
        }
    }
}
