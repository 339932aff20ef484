using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.AspNetCore.Tests;

/// <summary>
/// <c>HttpContext.RequestAborted</c> and <c>HttpContext.Abort</c> on the pool: a pool thread blocked in the app's
/// pipeline reads nothing from its connection, so the server must watch it for the client's leaving.
/// </summary>
public sealed class AbortTests
{
    [Fact]
    public void A_client_that_closes_its_connection_mid_request_cancels_RequestAborted_and_frees_the_thread_at_once()
    {
        using var server = SampleServer.OnPool(processes: 1, threads: 1);
        using (var client = RawHttpClient.Connect(server.Process.EndPoint))
        {
            client.Send("GET /wait/60000 HTTP/1.1\r\nHost: t\r\n\r\n");
            server.Process.Child.WaitForLine(l => l.Contains("wait 60000 ms begins", StringComparison.Ordinal), TestTimeouts.Operation);
        }

        // Well within the minute the handler would otherwise wait: only the client's FIN can end it this soon.
        server.Process.Child.WaitForLine(l => l.Contains("wait 60000 ms aborted", StringComparison.Ordinal), TestTimeouts.Operation);
        server.WhoAmI().Thread.Should().Be("pool-0.0", "the only thread is free again for the next client");
    }

    [Fact]
    public void Requests_that_finish_before_the_client_leaves_are_answered_on_one_kept_alive_connection()
    {
        using var server = SampleServer.OnPool(processes: 1, threads: 1);

        var before = server.Client.GetFromJson<ServedBy>("whoami");
        var answers = Enumerable.Range(0, 3).Select(_ => server.Client.GetStringAsync("wait/10").GetAwaiter().GetResult()).ToList();
        var after = server.Client.GetFromJson<ServedBy>("whoami");

        answers.Should().OnlyContain(a => a == "waited 10 ms");
        after.Connection.Should().Be(before.Connection,
            "a watched connection that stays is not taken for one that left, and no request's watch outlives it");
        server.Process.Child.Transcript.Should().NotContain("aborted");
    }

    [Fact]
    public void Abort_from_the_app_ends_the_connection_at_once_while_the_handler_still_runs()
    {
        using var server = SampleServer.OnPool(processes: 1, threads: 2);
        using var client = RawHttpClient.Connect(server.Process.EndPoint);

        // The handler aborts, then works on for a minute: longer than this test waits for the connection to end.
        client.Send("GET /abort?thenWorkMs=60000 HTTP/1.1\r\nHost: t\r\n\r\n");

        client.IsClosedByServer().Should().BeTrue("Abort ends the connection now, not when the handler returns");
        server.WhoAmI().IsWorker.Should().BeTrue("the other thread serves meanwhile");
    }
}
