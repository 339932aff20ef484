using System.Net;
using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// One connection that sends arbitrary bytes, says it has nothing more to send (FIN), and collects everything the
/// server answers until it closes. The server may close or reset before reading all of it; that is an answer too.
/// </summary>
internal static class RawExchange
{
    /// <summary>What came back: the bytes received, and whether the connection ended with a reset.</summary>
    public readonly record struct Outcome(byte[] Received, bool WasReset);

    /// <summary>Sends <paramref name="request"/> to <paramref name="endPoint"/> and reads to the end (bounded).</summary>
    /// <exception cref="TimeoutException">The server neither answered nor closed within <see cref="TestTimeouts.Operation"/>.</exception>
    public static Outcome Send(EndPoint endPoint, ReadOnlySpan<byte> request)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.ReceiveTimeout = socket.SendTimeout = (int)TestTimeouts.Operation.TotalMilliseconds;
        socket.Connect(endPoint);
        var wasReset = false;
        try
        {
            while (!request.IsEmpty)
            {
                request = request[socket.Send(request)..];
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException exception) when (IsPeerGone(exception.SocketErrorCode))
        {
            wasReset = true; // the server answered early (414, 431) and closed before taking the rest
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            for (var n = socket.Receive(buffer); n > 0; n = socket.Receive(buffer))
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException exception) when (IsPeerGone(exception.SocketErrorCode))
        {
            wasReset = true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.TimedOut)
        {
            throw new TimeoutException($"The server neither answered nor closed within {TestTimeouts.Operation}.", exception);
        }

        return new Outcome(received.ToArray(), wasReset);
    }

    private static bool IsPeerGone(SocketError error) => error is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted;
}
