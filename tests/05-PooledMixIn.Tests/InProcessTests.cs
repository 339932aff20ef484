using System.Net;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Tests;

/// <summary>What the pool does in the server process alone: its shared state, its settings, its errors.</summary>
public sealed class InProcessTests
{
    [Fact]
    public void The_defaults_are_the_seeds_shape_and_the_measured_fastest_strategy_that_keeps_its_properties()
    {
        var pool = new PooledProcessMixIn();

        pool.ThreadCount.Should().Be(64);
        pool.ProcessCount.Should().Be(Math.Max(2, Environment.ProcessorCount));
        pool.Strategy.Should().Be(AcceptStrategy.EpollExclusive, "the benchmark's choice (Results, defaults chosen by measurement)");
        new Hosting.PooledMixInHostOptions().Strategy.Should().Be(pool.Strategy, "the hosted service has the library's default");
        pool.Status.Should().BeNull("the shared state is created with the pool");
    }

    [Theory]
    [InlineData(0, 4, "ProcessCount")]
    [InlineData(2, 0, "ThreadCount")]
    [InlineData(2000, 1000, "ProcessCount x ThreadCount")]
    public void A_pool_shape_that_cannot_work_is_refused_before_any_worker_starts(int processes, int threads, string setting)
    {
        var pool = new PooledProcessMixIn { ProcessCount = processes, ThreadCount = threads };
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), pool);

        pool.Invoking(p => p.StartPool()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName(setting);
        pool.WorkersStarted.Should().Be(0);
    }

    [Theory]
    [InlineData(AcceptStrategy.AcceptLock)]
    [InlineData(AcceptStrategy.ReusePort)]
    public void The_event_form_refuses_a_strategy_whose_turn_is_a_thread_s(AcceptStrategy strategy)
    {
        var pool = new PooledProcessMixIn { ProcessCount = 1, ThreadCount = 1, Strategy = strategy, Connections = ConnectionMode.Event };
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(), pool);

        pool.Invoking(p => p.StartPool()).Should().Throw<ArgumentException>().WithParameterName("Strategy");
        pool.WorkersStarted.Should().Be(0);
    }

    [Fact]
    public void A_worker_configured_differently_from_the_server_process_is_told_so()
    {
        using var created = PoolState.Create(processes: 2, threads: 4);

        var open = () => PoolState.OpenInherited(Dup(created.Region.FileHandle.FileDescriptor), processes: 3, threads: 4);

        open.Should().Throw<InvalidOperationException>().WithMessage("*2 processes x 4 threads*3 x 4*same way in every process*");
    }

    [Fact]
    public void A_second_mapping_of_the_state_sees_the_same_semaphore_counters_and_scoreboard()
    {
        using var created = PoolState.Create(processes: 2, threads: 3);
        using var opened = PoolState.OpenInherited(Dup(created.Region.FileHandle.FileDescriptor), processes: 2, threads: 3);

        created.Token.Release();
        created.Counters.Accepted = 42;
        created.SlotOf(1, 2).Requests = 7;

        opened.Token.Wait(TimeSpan.Zero).Should().BeTrue("the token released through one mapping is taken through the other");
        opened.Counters.Accepted.Should().Be(42);
        opened.SlotOf(1, 2).Requests.Should().Be(7);
        opened.KeepRunning.Read().Should().Be(1);
        opened.Scoreboard.Length.Should().Be(6);
    }

    private static int Dup(int fd) => Interop.Dup(fd);
}
