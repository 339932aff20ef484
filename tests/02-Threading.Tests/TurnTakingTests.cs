using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;
using PooledMixIn.Threading.Tests.Support;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests;

/// <summary>
/// The turn-taking pool: threads made once, each taking a turn to accept, and every connection on layer 1's
/// template (Python's <c>_handle_request_noblock</c> → <c>process_request</c> → <c>finish_request</c> →
/// <c>shutdown_request</c>) on the pool thread that accepted it.
/// </summary>
public sealed class TurnTakingTests
{
    [Fact]
    public void A_pool_thread_with_the_turn_runs_the_layer_1_template_itself()
    {
        var mixIn = new TurnTakingMixIn { ThreadCount = 2 };
        var calls = new ConcurrentQueue<(string Hook, string? Thread)>();
        using var server = new TracingServer(mixIn, calls);
        using (new ServingThread(server))
        {
            LineClient.Exchange(server.ServerAddress, "hello").Lines.Should().Equal("hello");
        }

        var trace = calls.ToArray();
        trace.Select(call => call.Hook).Should().Equal("GetRequest", "VerifyRequest", "ProcessRequest", "FinishRequest", "ShutdownRequest");
        trace.Select(call => call.Thread).Distinct().Should().ContainSingle()
            .Which.Should().MatchRegex("^turn-taking-[01]$", "the thread that accepted is the one that serves");
    }

    [Fact]
    public void Every_accept_happens_inside_a_turn_and_every_turn_ends_before_its_connection_is_served()
    {
        const int Requests = 40;
        var turn = new RecordingTurn();
        var mixIn = new TurnTakingMixIn(turn) { ThreadCount = 4 };
        var served = new ConcurrentBag<bool>();
        using (var server = new LineServer(mixIn, line =>
        {
            served.Add(turn.HeldBy(Thread.CurrentThread));
            return line;
        }))
        {
            Concurrently.Run(Requests, parallelism: 8, i => server.Exchange($"request {i}").Lines.Single());
        }

        turn.Overlaps.Should().Be(0, "two threads never hold the turn at once");
        turn.Taken.Should().BeGreaterThanOrEqualTo(Requests, "each connection was accepted in a turn");
        turn.Ended.Should().Be(turn.Taken, "every turn taken was ended");
        served.Should().HaveCount(Requests).And.OnlyContain(held => !held, "a thread serves only after its turn ended");
    }

    [Fact]
    public void TurnTakingMixIn_serves_on_its_own_named_threads_made_once_and_they_all_end_on_close()
    {
        const int ThreadCount = 4;
        const int Requests = 60;
        var mixIn = new TurnTakingMixIn { ThreadCount = ThreadCount, ThreadNamePrefix = "pool-7." };
        var server = new LineServer(mixIn, _ => Thread.CurrentThread.Name!);
        IReadOnlyList<string> names;
        Thread[] pool;
        try
        {
            mixIn.Start();
            pool = mixIn.Threads.ToArray();
            names = Concurrently.Run(Requests, parallelism: 8, i => server.Exchange($"request {i}").Lines.Single());
            mixIn.Threads.Should().Equal(pool, "the pool is made once");
        }
        finally
        {
            server.Dispose();
        }

        pool.Select(t => t.Name).Should().Equal(Enumerable.Range(0, ThreadCount).Select(i => $"pool-7.{i}"));
        names.Should().OnlyContain(name => pool.Select(t => t.Name).Contains(name));
        pool.Should().OnlyContain(thread => !thread.IsAlive, "closing cancels the turns and joins the threads");
        mixIn.Counters.Completed.Should().Be(Requests);
    }

    /// <summary>A SemaphoreTurn that counts turns and notices two holders at once.</summary>
    private sealed class RecordingTurn : AcceptTurn
    {
        private readonly SemaphoreTurn _inner = new();
        private Thread? _holder;
        private int _taken;
        private int _ended;
        private int _overlaps;

        public int Taken => Volatile.Read(ref _taken);

        public int Ended => Volatile.Read(ref _ended);

        public int Overlaps => Volatile.Read(ref _overlaps);

        public bool HeldBy(Thread thread) => Volatile.Read(ref _holder) == thread;

        public override bool Take(int thread, SocketServer server, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (!_inner.Take(thread, server, timeout, cancellationToken))
            {
                return false;
            }

            if (Interlocked.Exchange(ref _holder, Thread.CurrentThread) is not null)
            {
                Interlocked.Increment(ref _overlaps);
            }

            Interlocked.Increment(ref _taken);
            return true;
        }

        public override void Release(int thread)
        {
            Interlocked.Increment(ref _ended);
            Volatile.Write(ref _holder, null);
            _inner.Release(thread);
        }
    }

    /// <summary>A line server that records each step of layer 1's template, and on which thread it ran.</summary>
    private sealed class TracingServer(TurnTakingMixIn mixIn, ConcurrentQueue<(string Hook, string? Thread)> calls)
        : TcpServer(new IPEndPoint(IPAddress.Loopback, 0), LineHandler.Factory(line => line), mixIn)
    {
        public override bool GetRequest(out Socket request, out EndPoint clientAddress)
        {
            var accepted = base.GetRequest(out request, out clientAddress);
            if (accepted)
            {
                Record("GetRequest");
            }

            return accepted;
        }

        public override bool VerifyRequest(Socket request, EndPoint clientAddress)
        {
            Record("VerifyRequest");
            return base.VerifyRequest(request, clientAddress);
        }

        public override void ProcessRequest(Socket request, EndPoint clientAddress)
        {
            Record("ProcessRequest");
            base.ProcessRequest(request, clientAddress);
        }

        public override void FinishRequest(Socket request, EndPoint clientAddress)
        {
            Record("FinishRequest");
            base.FinishRequest(request, clientAddress);
        }

        public override void ShutdownRequest(Socket request)
        {
            Record("ShutdownRequest");
            base.ShutdownRequest(request);
        }

        private void Record(string hook) => calls.Enqueue((hook, Thread.CurrentThread.Name));
    }
}
