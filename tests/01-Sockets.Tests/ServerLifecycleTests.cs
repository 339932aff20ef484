using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

public sealed class ServerLifecycleTests
{
    private static HttpServer NewDemoServer() =>
        new(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler());

    [Fact]
    public void Binding_port_zero_exposes_the_port_the_system_chose()
    {
        using var server = NewDemoServer();

        server.ServerAddress.Port.Should().BeGreaterThan(0);
        server.ServerAddress.Address.Should().Be(IPAddress.Loopback);
        server.ServerUrl.Should().Be($"http://127.0.0.1:{server.ServerAddress.Port}/");
    }

    [Fact]
    public void Shutdown_from_another_thread_stops_ServeForever_and_returns_after_it_stopped()
    {
        using var server = NewDemoServer();
        var serving = new ServingThread(server);
        RawHttpClient.Get(server.ServerAddress, "/before").StatusCode.Should().Be(200);

        server.Shutdown();

        server.IsServing.Should().BeFalse("Shutdown returns only once the loop has stopped");
        serving.WaitUntilStopped();
        serving.Dispose();
    }

    [Fact]
    public void Shutdown_from_inside_a_handler_of_a_serial_server_answers_then_stops_the_loop()
    {
        using var server = NewDemoServer();
        using var serving = new ServingThread(server);

        var response = RawHttpClient.Get(server.ServerAddress, DemoRequestHandler.ShutdownPath);

        DemoLine.Parse(response.Text).Uri.Should().Be("/shutdown");
        serving.WaitUntilStopped();
        serving.HasStopped.Should().BeTrue();
    }

    [Fact]
    public void A_shutdown_requested_before_ServeForever_makes_it_return_at_once()
    {
        using var server = NewDemoServer();

        server.Shutdown();
        var pollInterval = TestTimeouts.Operation + TimeSpan.FromSeconds(10); // longer than the test waits for the loop
        var serving = new Thread(() => server.ServeForever(pollInterval)) { IsBackground = true };
        serving.Start();

        serving.Join(TestTimeouts.Operation).Should().BeTrue("the loop returns without waiting out a poll interval");
    }

    [Fact]
    public void A_second_concurrent_ServeForever_is_refused()
    {
        using var server = NewDemoServer();
        using var serving = new ServingThread(server);
        RawHttpClient.Get(server.ServerAddress, "/up").StatusCode.Should().Be(200); // the loop is running

        var second = () => server.ServeForever(TestTimeouts.PollInterval);

        second.Should().Throw<InvalidOperationException>().WithMessage("*already running*");
    }

    [Fact]
    public void HandleRequest_returns_false_and_calls_HandleTimeout_when_nobody_connects_in_time()
    {
        using var server = new RecordingTcpServer(() => new LineEchoHandler()) { Timeout = TimeSpan.FromMilliseconds(100) };

        var handled = server.HandleRequest();

        handled.Should().BeFalse();
        server.Timeouts.Should().Be(1);
    }

    [Fact]
    public void HandleRequest_serves_exactly_one_waiting_connection()
    {
        using var server = new RecordingTcpServer(() => new EchoHttpHandler()) { Timeout = TestTimeouts.Operation };
        using var client = RawHttpClient.Connect(server.ServerAddress);
        client.Send("GET /one HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        var handled = server.HandleRequest();

        handled.Should().BeTrue();
        client.ReadResponse().Text.Should().Be("/one");
    }

    [Fact]
    public void Dispose_stops_a_running_loop_and_frees_the_port()
    {
        var server = NewDemoServer();
        var serving = new ServingThread(server);
        var endPoint = server.ServerAddress;
        RawHttpClient.Get(endPoint, "/up").StatusCode.Should().Be(200); // the loop is running

        server.Dispose();

        serving.WaitUntilStopped();
        using var rebound = new HttpServer(endPoint, () => new DemoRequestHandler());
        rebound.ServerAddress.Should().Be(endPoint);
    }

    [Fact]
    public void Binding_a_port_in_use_fails_with_a_message_naming_the_address()
    {
        using var first = NewDemoServer();

        var second = () => new HttpServer(first.ServerAddress, () => new DemoRequestHandler());

        second.Should().Throw<SocketException>().WithMessage($"*{first.ServerAddress}*in use*");
    }

    [Fact]
    public void A_mix_in_serves_one_server_only()
    {
        var mixIn = new SerialMixIn();
        using var first = new TcpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new LineEchoHandler(), mixIn);

        var second = () => new TcpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new LineEchoHandler(), mixIn);

        second.Should().Throw<InvalidOperationException>().WithMessage("*already belongs*");
    }

    [Fact]
    public void ServeForever_on_a_server_that_is_not_listening_says_how_to_fix_it()
    {
        using var server = new TcpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new LineEchoHandler(), bindAndActivate: false);

        var serve = () => server.ServeForever();

        serve.Should().Throw<InvalidOperationException>().WithMessage("*ServerBind*ServerActivate*");
    }

    [Fact]
    public void Bind_and_activate_can_be_deferred_to_set_the_backlog_first()
    {
        using var server = new TcpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new EchoHttpHandler(), bindAndActivate: false)
        {
            RequestQueueSize = 7,
        };

        server.ServerBind();
        server.ServerActivate();
        using var serving = new ServingThread(server);

        RawHttpClient.Get(server.ServerAddress, "/deferred").Text.Should().Be("/deferred");
    }
}
