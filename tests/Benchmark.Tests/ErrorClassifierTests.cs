using System.Net.Sockets;
using PooledMixIn.Benchmark.Load;

namespace PooledMixIn.Benchmark.Tests;

public class ErrorClassifierTests
{
    [Theory]
    [InlineData("Connect", SocketError.ConnectionRefused, "Connect")]
    [InlineData("Connect", SocketError.TimedOut, "Connect")]
    [InlineData("Connect", SocketError.AddressNotAvailable, "Connect")]
    [InlineData("Connect", SocketError.ConnectionReset, "Connect")]
    [InlineData("Send", SocketError.ConnectionReset, "Reset")]
    [InlineData("Send", SocketError.Shutdown, "Reset")]
    [InlineData("Receive", SocketError.ConnectionReset, "Reset")]
    [InlineData("Receive", SocketError.ConnectionAborted, "Reset")]
    [InlineData("Receive", SocketError.TimedOut, "Timeout")]
    public void Socket_errors_are_classified_by_phase(string phase, SocketError error, string expected)
    {
        // The enums are internal to the benchmark, so the cases name them.
        ErrorClassifier.TryClassify(Enum.Parse<RequestPhase>(phase), new SocketException((int)error), out var kind).Should().BeTrue();
        kind.Should().Be(Enum.Parse<ErrorKind>(expected));
    }

    [Fact]
    public void The_request_deadline_is_a_timeout_once_connected()
    {
        ErrorClassifier.TryClassify(RequestPhase.Receive, new OperationCanceledException(), out var kind).Should().BeTrue();
        kind.Should().Be(ErrorKind.Timeout);
    }

    [Fact]
    public void The_request_deadline_while_connecting_is_a_connect_error()
    {
        ErrorClassifier.TryClassify(RequestPhase.Connect, new TaskCanceledException(), out var kind).Should().BeTrue();
        kind.Should().Be(ErrorKind.Connect);
    }

    [Fact]
    public void A_socket_error_wrapped_in_an_io_exception_is_unwrapped()
    {
        var wrapped = new IOException("stream failed", new SocketException((int)SocketError.ConnectionReset));

        ErrorClassifier.TryClassify(RequestPhase.Receive, wrapped, out var kind).Should().BeTrue();
        kind.Should().Be(ErrorKind.Reset);
    }

    [Fact]
    public void Anything_else_is_not_a_load_error_but_a_bug_and_is_not_swallowed()
    {
        ErrorClassifier.TryClassify(RequestPhase.Receive, new InvalidCastException(), out _).Should().BeFalse();
        ErrorClassifier.TryClassify(RequestPhase.Receive, new ArgumentException("x"), out _).Should().BeFalse();
    }
}
