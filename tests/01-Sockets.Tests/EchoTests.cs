using System.Net;
using System.Net.Sockets;
using System.Text;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

public sealed class EchoTests
{
    [Fact]
    public void A_stream_handler_echoes_lines_over_TCP_IPv4()
    {
        using var server = new TcpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new LineEchoHandler());
        using var serving = new ServingThread(server);

        EchoTwoLines(server.ServerAddress).Should().Equal("hello", "world");
    }

    [Fact]
    public void A_stream_handler_echoes_lines_over_TCP_IPv6()
    {
        // Socket.OSSupportsIPv6 is true on every Linux kernel this project supports; ::1 is always configured.
        using var server = new TcpServer(new IPEndPoint(IPAddress.IPv6Loopback, 0), () => new LineEchoHandler());
        using var serving = new ServingThread(server);

        server.ServerAddress.AddressFamily.Should().Be(AddressFamily.InterNetworkV6);
        EchoTwoLines(server.ServerAddress).Should().Equal("hello", "world");
    }

    [Fact]
    public void A_stream_handler_echoes_lines_over_a_Unix_socket_and_the_socket_file_is_removed_on_close()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pooledmixin-test-{Guid.NewGuid():N}.sock");
        using (var server = new UnixStreamServer(path, () => new LineEchoHandler()))
        using (var serving = new ServingThread(server))
        {
            File.Exists(path).Should().BeTrue();
            EchoTwoLines(new UnixDomainSocketEndPoint(path)).Should().Equal("hello", "world");
        }

        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void A_Unix_server_refuses_a_path_that_already_exists()
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            var create = () => new UnixStreamServer(path, () => new LineEchoHandler());

            create.Should().Throw<IOException>().WithMessage("*already exists*");
            File.Exists(path).Should().BeTrue("the server must not remove a file it did not create");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_serial_server_makes_the_second_client_wait_for_the_first()
    {
        using var server = new TcpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new LineEchoHandler());
        using var serving = new ServingThread(server);
        using var first = Connect(server.ServerAddress);
        using var second = Connect(server.ServerAddress);
        Send(first, "first\n");
        ReceiveLine(first).Should().Be("first"); // the server is now inside the first connection's handler

        Send(second, "second\n");
        second.Poll(200_000, SelectMode.SelectRead).Should().BeFalse("the serial server is still busy with the first client");

        first.Shutdown(SocketShutdown.Send); // the first client is done; the server moves on
        ReceiveLine(second).Should().Be("second");
    }

    [Fact]
    public void VerifyRequest_returning_false_closes_the_connection_unserved()
    {
        using var server = new RecordingTcpServer(() => new LineEchoHandler(), verify: _ => false);
        using var serving = new ServingThread(server);
        using var client = Connect(server.ServerAddress);

        Send(client, "ignored\n");

        ReceiveToEnd(client).Should().BeEmpty();
    }

    [Fact]
    public void A_handler_that_throws_is_reported_its_connection_closed_and_the_server_keeps_serving()
    {
        var calls = 0;
        using var server = new RecordingTcpServer(() =>
            Interlocked.Increment(ref calls) == 1 ? new ThrowingHandler() : new LineEchoHandler());
        using var serving = new ServingThread(server);

        using (var broken = Connect(server.ServerAddress))
        {
            ReceiveToEnd(broken).Should().BeEmpty("the failed connection is closed");
        }

        EchoTwoLines(server.ServerAddress).Should().Equal("hello", "world");
        server.Errors.Should().ContainSingle().Which.Message.Should().Be("handler failure for the test");
    }

    private static string[] EchoTwoLines(EndPoint endPoint)
    {
        using var client = Connect(endPoint);
        Send(client, "hello\nworld\n");
        client.Shutdown(SocketShutdown.Send);
        return ReceiveToEnd(client).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static Socket Connect(EndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream,
            endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)TestTimeouts.Operation.TotalMilliseconds,
        };
        socket.Connect(endPoint);
        return socket;
    }

    private static void Send(Socket socket, string text) => socket.Send(Encoding.UTF8.GetBytes(text));

    private static string ReceiveLine(Socket socket)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (socket.Receive(one) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString();
    }

    private static string ReceiveToEnd(Socket socket)
    {
        // Not a NetworkStream: it refuses a socket whose sending side is already shut down.
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = socket.Receive(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
