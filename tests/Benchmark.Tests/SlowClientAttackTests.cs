using System.Net;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Benchmark.Tests;

/// <summary>
/// The <c>attack</c> command against layer 1's serial server in this process: one thread, held by whichever connection
/// it serves, is the smallest victim there is.
/// </summary>
public class SlowClientAttackTests
{
    [Fact]
    public async Task A_silent_connection_holding_the_only_thread_leaves_a_new_client_without_an_answer()
    {
        using var serving = Serve(headTimeout: TimeSpan.FromSeconds(10));
        using var output = new StringWriter();

        await SlowClientAttack.RunAsync(EndPointOf(serving), idle: 1, slowloris: 0, probes: 1,
            probeTimeout: TimeSpan.FromMilliseconds(500), endWait: TimeSpan.FromSeconds(1), probePath: "/", output, CancellationToken.None);

        output.ToString().Should().Contain("attack: 1 of 1 silent and 0 of 0 slowloris connections open")
            .And.MatchRegex(@"new client 0: no answer after \d+ ms");
    }

    [Fact]
    public async Task A_slowloris_ends_with_408_at_its_head_deadline_and_the_new_client_is_served_after_it()
    {
        // The deadline runs from the accept, and the attack sends its half head only after connecting: a deadline
        // shorter than that gap on a loaded machine ends a connection that never sent a byte, with a close and no
        // 408 (the likely cause of a failure seen once in a full parallel run at 300 ms). Two seconds leaves the gap no chance.
        using var serving = Serve(headTimeout: TimeSpan.FromSeconds(2));
        using var output = new StringWriter();

        await SlowClientAttack.RunAsync(EndPointOf(serving), idle: 0, slowloris: 1, probes: 1,
            probeTimeout: TestTimeouts.Operation, endWait: TestTimeouts.Operation, probePath: "/", output, CancellationToken.None);

        output.ToString().Should().MatchRegex(@"new client 0: HTTP/1\.1 200 OK after \d+ ms")
            .And.MatchRegex(@"slowloris ends: 1 408 within [\d.]+ s more");
    }

    private static ServingThread Serve(TimeSpan headTimeout)
    {
        var limits = HttpRequestLimits.Default with { RequestHeadTimeout = headTimeout };
        return new ServingThread(new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler { Limits = limits }));
    }

    private static IPEndPoint EndPointOf(ServingThread serving) => (IPEndPoint)serving.Server.Socket.LocalEndPoint!;
}
