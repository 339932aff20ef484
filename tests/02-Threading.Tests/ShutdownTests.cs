using System.Collections.Concurrent;
using PooledMixIn.Threading.Tests.Support;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests;

/// <summary>
/// Closing a server with requests in flight: with BlockOnClose (non-daemon threads) the close waits until they are
/// answered and no request thread outlives it; with daemon threads, or without BlockOnClose, it returns at once.
/// </summary>
public sealed class ShutdownTests
{
    private const int InFlight = 4;

    [Theory]
    [InlineData(MixInKind.Threading)]
    [InlineData(MixInKind.Prethreaded)]
    [InlineData(MixInKind.TurnTaking)]
    public void Closing_lets_requests_in_flight_finish_and_no_request_thread_outlives_it(MixInKind kind)
    {
        var mixIn = TestMixIns.Create(kind, InFlight);
        var closeStarted = ((ISignalsClose)mixIn).CloseStarted;
        using var entered = new CountdownEvent(InFlight);
        var requestThreads = new ConcurrentBag<Thread>();
        var finished = 0;
        using var server = new LineServer(mixIn, _ =>
        {
            requestThreads.Add(Thread.CurrentThread);
            entered.Signal();

            // Still in flight when the close begins: the close must wait for this answer.
            var closing = closeStarted.Wait(TestTimeouts.Operation);
            Interlocked.Increment(ref finished);
            return closing ? "answered during close" : "close never started";
        });
        var answers = new ConcurrentBag<string[]>();
        var clients = StartClients(InFlight, i => answers.Add(server.Exchange($"client {i}").Lines));
        entered.Wait(TestTimeouts.Operation).Should().BeTrue();

        server.Dispose();

        Volatile.Read(ref finished).Should().Be(InFlight, "the close returns only after every request has finished");
        requestThreads.Should().OnlyContain(thread => !thread.IsAlive, "the close joined them");
        mixIn.Counters.Completed.Should().Be(InFlight);
        mixIn.Counters.InFlight.Should().Be(0);
        JoinAll(clients);
        answers.Should().HaveCount(InFlight).And.AllSatisfy(lines => lines.Should().Equal("answered during close"));
    }

    [Theory]
    [InlineData(MixInKind.Threading, true, true)]
    [InlineData(MixInKind.Threading, false, false)]
    [InlineData(MixInKind.Prethreaded, true, true)]
    [InlineData(MixInKind.Prethreaded, false, false)]
    [InlineData(MixInKind.TurnTaking, true, true)]
    [InlineData(MixInKind.TurnTaking, false, false)]
    public void Closing_does_not_wait_for_daemon_threads_nor_without_BlockOnClose(MixInKind kind, bool daemonThreads, bool blockOnClose)
    {
        var mixIn = TestMixIns.Create(kind, InFlight, daemonThreads, blockOnClose);
        using var entered = new CountdownEvent(InFlight);
        using var release = new ManualResetEventSlim();
        var requestThreads = new ConcurrentBag<Thread>();
        var server = new LineServer(mixIn, _ =>
        {
            requestThreads.Add(Thread.CurrentThread);
            entered.Signal();

            // Longer than the test waits for the close: a close that waited for this would fail the test, not pass it.
            return release.Wait(TestTimeouts.Operation * 2) ? "released" : "never released";
        });
        var answers = new ConcurrentBag<string[]>();
        Thread[] clients = [];
        try
        {
            clients = StartClients(InFlight, i => answers.Add(server.Exchange($"client {i}").Lines));
            entered.Wait(TestTimeouts.Operation).Should().BeTrue();

            var close = new Thread(server.Dispose) { IsBackground = true };
            close.Start();
            close.Join(TestTimeouts.Operation).Should().BeTrue("the close must not wait for these threads");
            requestThreads.Should().HaveCount(InFlight).And.OnlyContain(thread => thread.IsAlive, "their requests are still in flight");
            requestThreads.Should().OnlyContain(thread => thread.IsBackground == daemonThreads);

            // The requests in flight still complete after the close.
            release.Set();
            JoinAll(clients);
            answers.Should().HaveCount(InFlight).And.AllSatisfy(lines => lines.Should().Equal("released"));
        }
        finally
        {
            release.Set();
            server.Dispose();
        }
    }

    [Theory]
    [InlineData(MixInKind.Threading)]
    [InlineData(MixInKind.Prethreaded)]
    [InlineData(MixInKind.TurnTaking)]
    public void CloseTimeout_bounds_the_wait_for_a_request_that_does_not_finish(MixInKind kind)
    {
        var closeTimeout = TimeSpan.FromMilliseconds(50);
        ThreadedMixIn mixIn = kind switch
        {
            MixInKind.Threading => new ThreadingMixIn { CloseTimeout = closeTimeout },
            MixInKind.Prethreaded => new PrethreadedMixIn { ThreadCount = 1, CloseTimeout = closeTimeout },
            _ => new TurnTakingMixIn { ThreadCount = 1, CloseTimeout = closeTimeout },
        };
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Thread? requestThread = null;
        var server = new LineServer(mixIn, _ =>
        {
            requestThread = Thread.CurrentThread;
            entered.Set();
            return release.Wait(TestTimeouts.Operation * 2) ? "released" : "never released";
        });
        Thread[] clients = [];
        try
        {
            var answers = new ConcurrentBag<string[]>();
            clients = StartClients(1, _ => answers.Add(server.Exchange("stuck").Lines));
            entered.Wait(TestTimeouts.Operation).Should().BeTrue();

            var close = new Thread(server.Dispose) { IsBackground = true };
            close.Start();
            close.Join(TestTimeouts.Operation).Should().BeTrue("the close gives up after CloseTimeout");
            requestThread!.IsAlive.Should().BeTrue("the stuck request is left to finish on its own");
            if (kind == MixInKind.TurnTaking)
            {
                requestThread.IsBackground.Should().BeTrue("a pool thread that outlived the close no longer keeps the process alive");
            }

            release.Set();
            JoinAll(clients);
            answers.Should().ContainSingle().Which.Should().Equal("released");
        }
        finally
        {
            release.Set();
            server.Dispose();
        }
    }

    [Fact]
    public void Closing_a_pool_that_never_started_returns_and_it_cannot_start_afterwards()
    {
        var mixIn = new PrethreadedMixIn { ThreadCount = 2 };
        var server = new Sockets.TcpServer(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
            LineHandler.Factory(line => line), mixIn);
        mixIn.IsStarted.Should().BeFalse("the pool starts on first use");

        server.Dispose();

        mixIn.IsStarted.Should().BeFalse();
        mixIn.Invoking(m => m.Start()).Should().Throw<InvalidOperationException>();
    }

    private static Thread[] StartClients(int count, Action<int> client)
    {
        var threads = Enumerable.Range(0, count)
            .Select(i => new Thread(() => client(i)) { IsBackground = true, Name = $"test-client-{i}" })
            .ToArray();
        Array.ForEach(threads, thread => thread.Start());
        return threads;
    }

    private static void JoinAll(Thread[] threads) =>
        threads.Should().OnlyContain(thread => thread.Join(TestTimeouts.Operation), "every client gets its answer in time");
}
