using System.Diagnostics;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// The one fixed client every design is measured with.
/// </summary>
/// <remarks>
/// Why async sockets rather than a thread per client: the client shares the machine's cores with the server, and
/// 100 blocking threads would spend the server's CPU on context switches and stacks of their own. Async socket
/// calls in .NET park on one epoll thread and resume on a handful of pool threads, much as wrk runs its
/// connections on an event loop per thread; each loop owns its buffers, histogram and tallies, so a request
/// allocates little beyond the socket itself.
/// </remarks>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Clients, 1);
        if (settings.Duration is null && settings.Requests is null)
        {
            throw new ArgumentException("A load needs a duration, a request count, or both.", nameof(settings));
        }

        var control = new LoadControl(settings.Duration, settings.Requests, cancellation);
        var loops = Enumerable.Range(0, settings.Clients).Select(_ => new ClientLoop(settings, control)).ToArray();
        try
        {
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(loops.Select(loop => Task.Run(loop.RunAsync, CancellationToken.None)));
            var elapsed = clock.Elapsed;
            self.Refresh();
            var clientCpu = self.TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
            return Merge(settings, loops, elapsed, clientCpu, allocated);
        }
        finally
        {
            foreach (var loop in loops)
            {
                loop.Dispose();
            }
        }
    }

    private static LoadResult Merge(LoadSettings settings, ClientLoop[] loops, TimeSpan elapsed, TimeSpan clientCpu, long allocated)
    {
        var latency = new LatencyHistogram();
        var workers = new WorkerTally();
        var errors = new long[Enum.GetValues<ErrorKind>().Length];
        foreach (var loop in loops)
        {
            latency.Add(loop.Latency);
            workers.Add(loop.Workers);
            for (var i = 0; i < errors.Length; i++)
            {
                errors[i] += loop.Errors[i];
            }
        }

        return new LoadResult
        {
            Settings = settings,
            Elapsed = elapsed,
            ClientCpu = clientCpu,
            ClientAllocatedBytes = allocated,
            Latency = latency,
            Workers = workers,
            Errors = errors,
            ErrorSamples = loops.SelectMany(loop => loop.ErrorSamples).Distinct(StringComparer.Ordinal).Take(5).ToArray(),
            ConnectionsOpened = loops.Sum(loop => loop.ConnectionsOpened),
        };
    }
}
