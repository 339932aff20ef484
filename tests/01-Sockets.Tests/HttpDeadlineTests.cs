using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

/// <summary>
/// The deadlines of <see cref="HttpRequestLimits"/>: each is made short here and the per-read timeout longer than
/// the test client waits, so only the deadline under test can end the connection in time.
/// </summary>
public sealed class HttpDeadlineTests
{
    private static readonly TimeSpan s_short = TimeSpan.FromMilliseconds(400);

    [Fact]
    public void A_client_that_drips_its_head_one_byte_at_a_time_gets_408_when_the_head_deadline_passes()
    {
        using var served = Serve(new HttpRequestLimits { RequestHeadTimeout = s_short });
        var client = served.Client;
        client.Send("GET /drip HTTP/1.1\r\nHost: t\r\n");
        using var stopDripping = new CancellationTokenSource();
        // The attack: every read the server does gets a byte well within its per-read timeout, so only a deadline
        // for the whole head can end it. Bounded: at most 20 s of dripping.
        var drip = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < 400 && !stopDripping.Token.WaitHandle.WaitOne(50); i++)
                {
                    client.Socket.Send("X"u8);
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // The server closed the connection: the attack is over.
            }
        });
        drip.Start();

        var response = client.ReadResponse();
        stopDripping.Cancel();

        response.StatusCode.Should().Be(408);
        drip.Join(TestTimeouts.Operation).Should().BeTrue();
    }

    [Fact]
    public void A_connection_that_never_sends_is_closed_quietly_at_the_head_deadline()
    {
        using var served = Serve(new HttpRequestLimits { RequestHeadTimeout = s_short });
        var client = served.Client;

        client.IsClosedByServer().Should().BeTrue("no request began, so there is no one to answer 408 to");
    }

    [Fact]
    public void A_body_that_falls_below_the_minimum_rate_after_the_grace_period_gets_408()
    {
        var limits = new HttpRequestLimits { MinBodyDataRate = 100, MinBodyDataRateGracePeriod = s_short };
        using var served = Serve(limits);
        var client = served.Client;

        client.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n0123456789"); // then nothing

        client.ReadResponse().StatusCode.Should().Be(408);
        client.IsClosedByServer().Should().BeTrue();
    }

    [Fact]
    public void A_kept_alive_connection_idle_past_the_keep_alive_timeout_is_closed_quietly()
    {
        using var served = Serve(new HttpRequestLimits { KeepAliveTimeout = s_short });
        var client = served.Client;
        client.Send("GET /first HTTP/1.1\r\nHost: t\r\n\r\n");
        client.ReadResponse().Text.Should().Be("/first");

        client.IsClosedByServer().Should().BeTrue("the connection stayed idle past the keep-alive timeout");
    }

    /// <summary>A server whose per-read timeout outlasts the client's bounded waits: only a deadline can end a connection in time.</summary>
    private static ServedClient Serve(HttpRequestLimits limits) =>
        ServedClient.Start(() => new EchoHttpHandler { Limits = limits, Timeout = TimeSpan.FromMinutes(10) });
}
