using System.Collections.Concurrent;
using PooledMixIn.Threading.Tests.Support;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests;

/// <summary>Which threads serve, what they are called, and that none is left behind or piles up.</summary>
public sealed class ThreadAccountingTests
{
    [Fact]
    public void ThreadingMixIn_starts_one_named_thread_per_connection_and_forgets_it_once_it_has_ended()
    {
        const int Requests = 30;
        var mixIn = new ThreadingMixIn();
        var threads = new ConcurrentQueue<Thread>();
        using var server = new LineServer(mixIn, _ =>
        {
            threads.Enqueue(Thread.CurrentThread);
            return Thread.CurrentThread.IsBackground ? "background" : Thread.CurrentThread.Name!;
        });

        var names = Enumerable.Range(0, Requests).Select(i => server.Exchange($"request {i}").Lines.Single()).ToArray();

        names.Should().Equal(Enumerable.Range(1, Requests).Select(n => $"request-{n}"), "non-daemon threads, numbered per connection");
        threads.Should().OnlyContain(thread => thread.Join(TestTimeouts.Operation));

        // Every thread has ended; the serve loop's next turns drop them from the join list.
        SpinWait.SpinUntil(() => mixIn.TrackedThreadCount == 0, TestTimeouts.Operation)
            .Should().BeTrue($"ended threads must not accumulate, but {mixIn.TrackedThreadCount} are still held");
        mixIn.Counters.InFlight.Should().Be(0);
        mixIn.Counters.Completed.Should().Be(Requests);
    }

    [Fact]
    public void Daemon_threads_are_not_kept_for_joining()
    {
        var mixIn = new ThreadingMixIn { DaemonThreads = true };
        using var gate = new ManualResetEventSlim();
        using var server = new LineServer(mixIn, _ => gate.Wait(TestTimeouts.Operation) ? "ok" : "gate timed out");
        using var client = LineClient.Connect(server.EndPoint);
        client.Send("hello\n"u8);

        SpinWait.SpinUntil(() => mixIn.Counters.InFlight == 1, TestTimeouts.Operation).Should().BeTrue();
        mixIn.TrackedThreadCount.Should().Be(0, "Python keeps only non-daemon threads, to join them");
        gate.Set();
        LineClient.ReadToClose(client).Lines.Should().Equal("ok");
    }

    [Fact]
    public void PrethreadedMixIn_serves_every_connection_on_its_own_named_threads_and_they_all_end_on_close()
    {
        const int ThreadCount = 4;
        const int Requests = 60;
        var mixIn = new PrethreadedMixIn { ThreadCount = ThreadCount };
        mixIn.Start();
        var pool = mixIn.Threads.ToArray();
        var server = new LineServer(mixIn, _ => Thread.CurrentThread.Name!);
        IReadOnlyList<string> names;
        try
        {
            names = Concurrently.Run(Requests, parallelism: 8, i => server.Exchange($"request {i}").Lines.Single());
            mixIn.Threads.Should().Equal(pool, "the pool is made once");
            pool.Should().OnlyContain(thread => thread.IsAlive, "pool threads wait for the next connection");
        }
        finally
        {
            server.Dispose();
        }

        names.Should().OnlyContain(name => pool.Select(t => t.Name).Contains(name));
        pool.Select(t => t.Name).Should().Equal(Enumerable.Range(0, ThreadCount).Select(i => $"prethreaded-{i}"));
        pool.Should().OnlyContain(thread => !thread.IsAlive, "closing wakes the idle threads and joins them");
        mixIn.Counters.Completed.Should().Be(Requests);
        mixIn.Counters.PeakInFlight.Should().BeLessThanOrEqualTo(ThreadCount);
    }
}
