using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// The attack of issue 13 on the event form (<c>--connections event</c>): clients that send nothing, or half a
/// request head, must cost the pool no thread. Each test fails on the thread-holding form, where P × T such clients
/// take every thread (run it with <c>--connections thread</c> to see).
/// </summary>
public sealed class SlowClientTests
{
    private const int Processes = 2;
    private const int Threads = 4;
    private const int HeadTimeoutMilliseconds = 4000;

    /// <summary>
    /// A generous bound for a functional property, not a speed goal: with no thread free a new client waits for a
    /// head deadline (seconds); with threads free it is served in milliseconds, even on a loaded two-core machine.
    /// </summary>
    private static readonly TimeSpan s_served = TimeSpan.FromSeconds(1);

    [Fact]
    public void Idle_and_half_sent_connections_take_no_thread_while_new_clients_are_served_within_a_second()
    {
        using var server = StartEventServer();
        var attackers = new List<RawHttpClient>();
        try
        {
            // 10 x P x T clients that send nothing, then 2 x P x T that send half a head and stop (slowloris).
            for (var i = 0; i < 10 * Processes * Threads; i++)
            {
                attackers.Add(RawHttpClient.Connect(server.Process.EndPoint));
            }

            var slowloris = Enumerable.Range(0, 2 * Processes * Threads).Select(i =>
            {
                var client = RawHttpClient.Connect(server.Process.EndPoint);
                client.Send($"GET /slowloris-{i} HTTP/1.1\r\nHost: test\r\nX-Slow: ");
                return client;
            }).ToList();
            attackers.AddRange(slowloris);

            var waits = Enumerable.Range(0, 5).Select(i => TimeToServe(server, $"/new-client-{i}")).ToList();

            waits.Should().OnlyContain(wait => wait < s_served, "a new client never waits behind connections that send nothing");
            // The thread that answered the last new client may still be finishing its connection when /status is
            // served: wait for it, well inside the attackers' deadline, during which they would hold every thread.
            Eventually.Until(() => server.BusyThreadPids().Count <= 1, s_served,
                "only the thread serving /status itself holds a connection; the attackers hold none");
            slowloris.Select(EndOfSlowConnection).Should().OnlyContain(end => end == "408" || end == "closed",
                "a half-sent head ends at its deadline with 408 or a close");
        }
        finally
        {
            attackers.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public void Kept_alive_clients_idle_between_requests_hold_no_thread_so_fifty_more_than_threads_are_all_served_in_time()
    {
        const int Rounds = 3;
        var interval = TimeSpan.FromSeconds(2);
        using var server = StartEventServer();
        var clients = Enumerable.Range(0, Processes * Threads + 50).Select(_ => RawHttpClient.Connect(server.Process.EndPoint)).ToList();
        try
        {
            var roundTimes = new List<TimeSpan>();
            for (var round = 0; round < Rounds; round++)
            {
                if (round > 0)
                {
                    Thread.Sleep(interval); // sync-ok: the clients' think time between requests, the condition under test
                }

                var clock = Stopwatch.StartNew();
                for (var i = 0; i < clients.Count; i++)
                {
                    clients[i].Send($"GET /keep-{i}-{round} HTTP/1.1\r\nHost: test\r\n\r\n");
                }

                var answered = clients.Select(client => client.ReadResponse()).ToList();
                roundTimes.Add(clock.Elapsed);
                answered.Should().OnlyContain(response => response.StatusCode == 200 && response.Header("Connection") != "close");
            }

            // With a thread held per kept-alive connection, the 9th client waits out the first 8's idle timeout (5 s).
            roundTimes.Should().OnlyContain(time => time < interval, "every client is answered before its next request is due");
            clients.ForEach(client => client.Dispose());
            // Each /status is a connection of its own, accepted and completed; only the one being served is open.
            Eventually.Until(() => server.Status() is var (accepted, completed, _, _) && accepted - completed == 1, TestTimeouts.Operation,
                "every kept-alive connection, closed by its client while parked, counted as completed");
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public void Past_the_parking_bound_the_oldest_idle_connection_is_closed_and_a_new_client_is_served()
    {
        using var server = PoolServer.Start(1, 1, "handoff", "--connections", "event", "--max-parked", "3");
        using var oldest = RawHttpClient.Connect(server.Process.EndPoint);
        using var inProgress = RawHttpClient.Connect(server.Process.EndPoint);
        inProgress.Send("GET /in-progress HTTP/1.1\r\nHost: test\r\n");
        using var younger = RawHttpClient.Connect(server.Process.EndPoint);

        // The poller is full: /served can only be parked in the place of the oldest idle connection.
        var served = server.Get("/served");
        inProgress.Send("\r\n");
        var finished = inProgress.ReadResponse();

        served.Uri.Should().Be("/served");
        oldest.IsClosedByServer().Should().BeTrue("the oldest idle connection makes room");
        finished.StatusCode.Should().Be(200, "a request in progress is never dropped for room");
    }

    [Fact]
    public void With_TCP_DEFER_ACCEPT_a_connection_that_sends_nothing_is_never_accepted_even_by_the_thread_holding_form()
    {
        // One thread, held by whatever it accepts: only the kernel's deferral keeps the silent client off it.
        using var server = PoolServer.Start(1, 1, "handoff", "--connections", "thread", "--defer-accept", "10",
            "--head-timeout-ms", HeadTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture));
        using var silent = RawHttpClient.Connect(server.Process.EndPoint);

        var wait = TimeToServe(server, "/after-a-silent-client");

        wait.Should().BeLessThan(s_served, "the silent connection is still in the kernel, not on the only thread");
    }

    private static PoolServer StartEventServer() => PoolServer.Start(Processes, Threads, "handoff",
        "--connections", "event", "--head-timeout-ms", HeadTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture));

    private static TimeSpan TimeToServe(PoolServer server, string path)
    {
        var clock = Stopwatch.StartNew();
        server.Get(path).Uri.Should().Be(path);
        return clock.Elapsed;
    }

    /// <summary>How a slowloris connection ends: "408", "closed", or another status code.</summary>
    private static string EndOfSlowConnection(RawHttpClient client)
    {
        try
        {
            return client.ReadResponse().StatusCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException exception) when (exception.InnerException is not SocketException { SocketErrorCode: SocketError.TimedOut })
        {
            return "closed";
        }
    }
}
