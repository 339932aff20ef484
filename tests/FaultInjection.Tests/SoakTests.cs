using PooledMixIn.TestSupport;
using Xunit.Abstractions;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// A soak: the server under a mixed load (new and kept-alive connections, slow requests, garbage) for
/// <see cref="FaultSettings.SoakDuration"/> — 20 s in CI, <c>FAULT_SOAK_MINUTES=10</c> for the real thing. A leak of
/// memory, descriptors or threads in any process of the server shows as growth from the level measured after a
/// warm-up under the same load; the limits allow the noise of a garbage-collected runtime and nothing more.
/// </summary>
[Trait(FaultCategory.Name, FaultCategory.Value)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Clients = 8;
    private const int DescriptorNoise = 4;
    private const int ThreadNoise = 4;
    private const long RssNoiseKilobytes = 24 * 1024;
    private static readonly TimeSpan s_warmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(10);

    [Fact]
    public void Under_a_long_mixed_load_no_process_of_the_server_grows_in_memory_descriptors_or_threads()
    {
        using var server = DemoServer.Start(processes: 2, threads: 16);
        var workers = server.Workers();
        var warmUpRounds = SoakLoad.Run(server, Clients, s_warmUp);
        var baseline = Settled(server, _ => true);
        output.WriteLine($"after a {s_warmUp.TotalSeconds:F0} s warm-up ({warmUpRounds} rounds):\n  {string.Join("\n  ", baseline.Values)}");

        var rounds = SoakLoad.Run(server, Clients, FaultSettings.SoakDuration);

        var limits = baseline.Values.ToDictionary(b => b.Pid, b => (
            Descriptors: b.Descriptors + DescriptorNoise,
            Threads: b.Threads + ThreadNoise,
            Rss: (b.RssKilobytes * 5 / 4) + RssNoiseKilobytes));
        var after = Settled(server, s => limits.TryGetValue(s.Pid, out var l) &&
            s.Descriptors <= l.Descriptors && s.Threads <= l.Threads && s.RssKilobytes <= l.Rss);
        output.WriteLine($"after {FaultSettings.SoakDuration.TotalSeconds:F0} s of soak ({rounds} rounds):\n  {string.Join("\n  ", after.Values)}");

        server.Workers().Should().Equal(workers, "no worker died or was replaced during the soak");
        foreach (var sample in after.Values)
        {
            var limit = limits[sample.Pid];
            sample.Descriptors.Should().BeLessThanOrEqualTo(limit.Descriptors, "descriptors of {0} do not grow", sample.Pid);
            sample.Threads.Should().BeLessThanOrEqualTo(limit.Threads, "threads of {0} do not grow", sample.Pid);
            sample.RssKilobytes.Should().BeLessThanOrEqualTo(limit.Rss, "memory of {0} does not grow beyond noise", sample.Pid);
        }

        server.Terminate().Should().Be(0, "after the soak the server still stops cleanly");
    }

    /// <summary>
    /// Samples every process of the server until all satisfy <paramref name="withinLimits"/> or <see cref="s_settle"/>
    /// passes: connections closing in the background (lingering closes, keep-alive timeouts) release their
    /// descriptors a moment after the load stops; a leak never does. Returns the last samples.
    /// </summary>
    private static Dictionary<int, ProcessSample> Settled(DemoServer server, Func<ProcessSample, bool> withinLimits)
    {
        Dictionary<int, ProcessSample> samples = [];
        try
        {
            Eventually.Until(() =>
            {
                samples = server.Tree().Select(ProcessSample.Of).OfType<ProcessSample>().ToDictionary(s => s.Pid);
                return samples.Values.All(withinLimits);
            }, s_settle, "every process back within its limits");
        }
        catch (TimeoutException)
        {
            // The assertions that follow say which process grew, and by how much.
        }

        return samples;
    }
}
