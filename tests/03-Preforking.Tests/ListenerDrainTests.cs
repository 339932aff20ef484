using System.Net;
using System.Net.Sockets;

namespace PooledMixIn.Preforking.Tests;

/// <summary>
/// The drain's socket filter, in process: it keeps new handshakes out, and a server that inherits the socket (from
/// systemd, which keeps it across restarts) takes it off again.
/// </summary>
public sealed class ListenerDrainTests
{
    [Fact]
    public void A_filtered_listener_completes_no_handshake_and_one_inherited_after_it_does_again()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        listener.Blocking = false;
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;

        ListenerDrain.KeepNewConnectionsOut(listener);
        Completes(endPoint).Should().BeFalse("the filter drops the SYN, so the kernel never completes the handshake");

        ListenerDrain.LetNewConnectionsIn(listener);
        Completes(endPoint).Should().BeTrue("with the filter gone the kernel completes handshakes again");
    }

    [Fact]
    public void Letting_connections_in_on_a_listener_with_no_filter_is_no_error()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);

        FluentActions.Invoking(() => ListenerDrain.LetNewConnectionsIn(listener)).Should().NotThrow();
    }

    [Fact]
    public void A_bound_socket_that_does_not_listen_is_told_apart_from_a_listener()
    {
        // Layer 5's reuseport strategy leaves the server process such a socket: it has no queue for the drain.
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        ListenerDrain.IsListening(bound).Should().BeFalse();

        bound.Listen(8);
        ListenerDrain.IsListening(bound).Should().BeTrue();
    }

    /// <summary>Whether a connection to <paramref name="endPoint"/> completes within a second (a dropped SYN is retried after one).</summary>
    private static bool Completes(IPEndPoint endPoint)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        try
        {
            client.ConnectAsync(endPoint, timeout.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
