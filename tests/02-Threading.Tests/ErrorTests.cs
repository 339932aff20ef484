using PooledMixIn.Threading.Tests.Support;

namespace PooledMixIn.Threading.Tests;

/// <summary>A handler's exception is reported through HandleError on its request thread; the server keeps serving.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData(MixInKind.Threading, false)]
    [InlineData(MixInKind.Threading, true)]
    [InlineData(MixInKind.Prethreaded, false)]
    [InlineData(MixInKind.Prethreaded, true)]
    [InlineData(MixInKind.TurnTaking, false)]
    [InlineData(MixInKind.TurnTaking, true)]
    public void A_failing_handler_is_reported_and_the_server_keeps_serving(MixInKind kind, bool handleErrorThrows)
    {
        // With a pool of one thread, the thread that failed is the one that serves the next request.
        var mixIn = TestMixIns.Create(kind, bound: 1);
        using var server = new LineServer(mixIn,
            line => line == "fail" ? throw new InvalidOperationException("handler failure for the test") : "ok: " + line,
            handleErrorThrows);

        var failed = server.Exchange("fail");
        var next = server.Exchange("after");
        server.Dispose();

        failed.Text.Should().BeEmpty("the failed request is closed without an answer");
        next.Lines.Should().Equal("ok: after");
        server.Server.Errors.Should().ContainSingle().Which.Message.Should().Be("handler failure for the test");
        mixIn.Counters.Failed.Should().Be(1);
        mixIn.Counters.Completed.Should().Be(1);
        mixIn.Counters.Accepted.Should().Be(2);
    }
}
