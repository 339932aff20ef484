using System.Collections.Concurrent;
using PooledMixIn.Threading.Tests.Support;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests;

/// <summary>Both mix-ins serve clients at the same time, and hold no more requests in flight than their bound.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(MixInKind.Threading)]
    [InlineData(MixInKind.Prethreaded)]
    [InlineData(MixInKind.TurnTaking)]
    public void K_clients_are_served_concurrently(MixInKind kind)
    {
        // Each handler waits until all K have arrived: only K requests in flight at once can all say "together".
        const int K = 8;
        using var arrived = new CountdownEvent(K);
        using var server = new LineServer(TestMixIns.Create(kind, kind == MixInKind.Threading ? null : K), _ =>
        {
            arrived.Signal();
            return arrived.Wait(TestTimeouts.Operation) ? "together" : "alone";
        });

        var answers = Concurrently.Run(K, K, i => server.Exchange($"client {i}").Lines);

        answers.Should().AllSatisfy(lines => lines.Should().Equal("together"));
        server.MixIn.Counters.PeakInFlight.Should().Be(K);
    }

    [Theory]
    [InlineData(MixInKind.Threading)]
    [InlineData(MixInKind.Prethreaded)]
    public void Clients_beyond_the_bound_wait_in_the_listen_queue_and_are_all_served(MixInKind kind)
    {
        // Every client has connected and sent its request before any handler may finish. If the mix-in let more
        // than Bound in, the test's own count of handlers inside would exceed it; if it dropped or stalled the
        // clients left in the queue, some would not be answered.
        const int Bound = 3;
        const int Clients = 7 * Bound;
        using var release = new SemaphoreSlim(0);
        var inside = 0;
        var mostInside = 0;
        var server = new LineServer(TestMixIns.Create(kind, Bound), _ =>
        {
            InterlockedMax(ref mostInside, Interlocked.Increment(ref inside));
            var released = release.Wait(TestTimeouts.Operation);
            Interlocked.Decrement(ref inside);
            return released ? "served" : "never released";
        });
        var clients = new List<System.Net.Sockets.Socket>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                clients.Add(LineClient.Connect(server.EndPoint));
                clients[^1].Send(System.Text.Encoding.UTF8.GetBytes($"client {i}\n"));
            }

            SpinWait.SpinUntil(() => Volatile.Read(ref inside) == Bound && server.MixIn.Counters.CapacityReached > 0, TestTimeouts.Operation)
                .Should().BeTrue($"{Bound} handlers run and the loop stops accepting ({server.MixIn.Counters})");
            server.MixIn.Counters.Accepted.Should().Be(Bound, "the others wait, unaccepted, in the listen queue");

            release.Release(Clients);
            var answers = clients.Select(LineClient.ReadToClose).ToArray();

            answers.Should().AllSatisfy(answer => answer.Lines.Should().Equal("served"));
            mostInside.Should().Be(Bound);
            server.MixIn.Counters.PeakInFlight.Should().Be(Bound);
            server.MixIn.Counters.Accepted.Should().Be(Clients);
        }
        finally
        {
            release.Release(Clients);
            server.Dispose();
            clients.ForEach(client => client.Dispose());
        }
    }

    [Theory]
    [InlineData(MixInKind.Threading)]
    [InlineData(MixInKind.Prethreaded)]
    public void Shutdown_is_noticed_while_every_thread_is_busy_and_queued_clients_are_refused_not_dropped(MixInKind kind)
    {
        const int Bound = 2;
        using var entered = new CountdownEvent(Bound);
        using var release = new ManualResetEventSlim();
        var server = new LineServer(TestMixIns.Create(kind, Bound), _ =>
        {
            entered.Signal();
            return release.Wait(TestTimeouts.Operation) ? "released" : "not released";
        });
        var busy = new ConcurrentBag<string[]>();
        Thread[] busyClients = [];
        try
        {
            busyClients = Enumerable.Range(0, Bound)
                .Select(i => new Thread(() => busy.Add(server.Exchange($"busy {i}").Lines)) { IsBackground = true })
                .ToArray();
            Array.ForEach(busyClients, t => t.Start());
            entered.Wait(TestTimeouts.Operation).Should().BeTrue("both threads should be busy");

            // A third client is connected by the kernel but cannot be accepted: no thread is free.
            using var queued = LineClient.Connect(server.EndPoint);
            SpinWait.SpinUntil(() => server.MixIn.Counters.CapacityReached > 0, TestTimeouts.Operation)
                .Should().BeTrue("the serve loop keeps turning and finds every thread busy");
            var shutdown = new Thread(server.Server.Shutdown) { IsBackground = true };
            shutdown.Start();
            shutdown.Join(TestTimeouts.Operation).Should().BeTrue("the serve loop waits for a free thread one poll interval at a time");

            release.Set();
            server.Dispose();
            Array.ForEach(busyClients, t => t.Join(TestTimeouts.Operation).Should().BeTrue());
            busy.Should().HaveCount(Bound).And.AllSatisfy(lines => lines.Should().Equal("released"));
            server.MixIn.Counters.Accepted.Should().Be(Bound);

            // The queued connection was never accepted; closing the listening socket makes the kernel reset it:
            // the client learns it was refused, it is not left hanging.
            var refused = () => LineClient.ReadToClose(queued);
            refused.Should().Throw<System.Net.Sockets.SocketException>()
                .Which.SocketErrorCode.Should().Be(System.Net.Sockets.SocketError.ConnectionReset);
        }
        finally
        {
            release.Set();
            server.Dispose();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
