using System.Net;
using System.Net.Sockets;
using System.Text;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests.Support;

/// <summary>What one connection got back: everything the server sent until it closed.</summary>
/// <param name="Text">All bytes received, as UTF-8, including newlines.</param>
internal sealed record LineExchange(string Text)
{
    /// <summary>The lines received; exactly one when the server answered once and closed.</summary>
    public string[] Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Sends one line on a new connection and reads until the server closes, every step bounded.</summary>
internal static class LineClient
{
    public static LineExchange Exchange(EndPoint endPoint, string line)
    {
        using var socket = Connect(endPoint);
        socket.Send(Encoding.UTF8.GetBytes(line + "\n"));
        return ReadToClose(socket);
    }

    public static Socket Connect(EndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream,
            endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        socket.ReceiveTimeout = socket.SendTimeout = (int)TestTimeouts.Operation.TotalMilliseconds;
        try
        {
            socket.Connect(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static LineExchange ReadToClose(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        for (var n = socket.Receive(buffer); n > 0; n = socket.Receive(buffer))
        {
            received.Write(buffer, 0, n);
        }

        return new LineExchange(Encoding.UTF8.GetString(received.ToArray()));
    }
}
