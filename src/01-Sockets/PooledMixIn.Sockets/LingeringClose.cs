using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>
/// Apache's "lingering close": after sending FIN, read and discard what the client still sends, for a bounded time.
/// Closing a socket with unread input makes the kernel send RST, and a client that receives RST may lose the
/// response it has not read yet — exactly the error response that explains why it was cut off.
/// </summary>
internal static class LingeringClose
{
    private static readonly TimeSpan s_maxLinger = TimeSpan.FromSeconds(2);
    private const int MaxDrainedBytes = 1 << 20;

    public static void Drain(Socket connection)
    {
        Span<byte> sink = stackalloc byte[4096];
        var deadline = Environment.TickCount64 + (long)s_maxLinger.TotalMilliseconds;
        var drained = 0;
        while (drained < MaxDrainedBytes)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0 || !connection.Poll((int)Math.Min(remaining * 1000, int.MaxValue), SelectMode.SelectRead))
            {
                return;
            }

            var read = connection.Receive(sink, SocketFlags.None, out var error);
            if (read <= 0 || error != SocketError.Success)
            {
                return;
            }

            drained += read;
        }
    }
}
