using System.Net.Sockets;
using PooledMixIn.TestSupport;
using Xunit.Abstractions;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// More clients than the server has descriptors (<c>ulimit -n</c> set low): accept fails with EMFILE while the
/// connections wait in the kernel's queue, so the listening socket stays readable. A server that retries at once
/// spins on a core and floods its log; one that treats the error as fatal loses its workers. Neither may happen:
/// the server says once in a while what is wrong, waits, and serves again as soon as descriptors are free.
/// </summary>
[Trait(FaultCategory.Name, FaultCategory.Value)]
public sealed class DescriptorExhaustionTests(ITestOutputHelper output)
{
    /// <summary>Descriptors each process may open beyond its own: enough for the server's reserve, and a few clients.</summary>
    private const int Headroom = 48;
    private const int FloodClients = 300;

    /// <summary>The most CPU the whole server may use in a second of the flood: a spinning thread takes ~100 ticks.</summary>
    private const int QuietTicksPerSecond = 25;

    [Fact]
    public void Out_of_descriptors_the_server_logs_it_does_not_spin_or_crash_and_serves_again_once_the_flood_ends()
    {
        using var server = DemoServer.Start(processes: 2, threads: 64);
        using var transcript = new TranscriptOnFailure(server, output);
        var workers = server.Workers();
        foreach (var pid in server.Tree())
        {
            output.WriteLine($"pid {pid}: RLIMIT_NOFILE lowered to {DescriptorLimit.AllowOnly(pid, Headroom)}");
        }

        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < FloodClients; i++)
            {
                var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
                flood.Add(client);
                client.Connect(server.Process.EndPoint); // completes in the kernel, accepted or not
            }

            Eventually.Until(() => server.Transcript.Contains("out of descriptors", StringComparison.Ordinal),
                TestTimeouts.Operation, "the server to log that it ran out of descriptors");

            // Measured once the pauses have grown to their longest (5 ms doubling to 1 s, about two seconds in): the
            // runtime's start-up work and the first, short pauses are over, and what is left is either quiet or a spin.
            Eventually.Until(() => server.Transcript.Contains("next attempt in 1000 ms", StringComparison.Ordinal),
                TestTimeouts.Operation, "the server's pauses to reach their longest");
            var flooded = CpuTicksOverOneSecond(server);
            output.WriteLine($"flooded: {flooded} CPU ticks in one second");

            flooded.Should().BeLessThan(QuietTicksPerSecond, "a server out of descriptors waits instead of retrying accept in a loop");
        }
        finally
        {
            flood.ForEach(client => client.Dispose());
        }

        server.Get("/after-the-flood").ProcessId.Should().BeOneOf(workers, "descriptors freed, the same workers serve again");
        // The first second after the flood holds the work it left (the queued connections its clients closed are
        // accepted and closed, the descriptor reserve taken back); the second shows whether the server went quiet.
        var settling = CpuTicksOverOneSecond(server);
        var quiet = CpuTicksOverOneSecond(server);
        output.WriteLine($"after: {settling}, then {quiet} CPU ticks in one second");
        quiet.Should().BeLessThan(QuietTicksPerSecond);
        server.Workers().Should().Equal(workers, "running out of descriptors is not a reason for a worker to die");
        server.Transcript.Should().NotContain("Unhandled exception");
        var logLines = server.Transcript.Split('\n').Count(l => l.Contains("out of descriptors", StringComparison.Ordinal));
        output.WriteLine($"{logLines} log lines about it");
        logLines.Should().BeLessThan(200, "the log says it clearly, not once per failed accept");
        server.Terminate().Should().Be(0, "after the fault the server still stops cleanly");
    }

    private static long CpuTicksOverOneSecond(DemoServer server)
    {
        var tree = server.Tree();
        var before = tree.Sum(pid => ProcessSample.Of(pid)?.CpuTicks ?? 0);
        Thread.Sleep(TimeSpan.FromSeconds(1)); // sync-ok: the measuring window itself, not a wait for an event
        return tree.Sum(pid => ProcessSample.Of(pid)?.CpuTicks ?? 0) - before;
    }
}
