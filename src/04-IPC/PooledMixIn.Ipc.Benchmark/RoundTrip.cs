using System.Diagnostics;
using System.Runtime.Versioning;

namespace PooledMixIn.Ipc.Benchmark;

/// <summary>
/// Wake-up latency: A signals B, B (asleep) wakes and signals back, A wakes. Each round trip is timed
/// separately, so the table can show the median and the 99th percentile, not only the mean.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class RoundTrip
{
    /// <summary>Offsets shared with the echo process (see <see cref="EchoWorker"/>).</summary>
    internal const long PingAt = 0, PongAt = 64, StopAt = 128, RegionSize = 192;

    internal static IEnumerable<Measurement> Run(int iterations)
    {
        yield return CrossProcess("SharedSemaphore", "release → wait, both ways", "semaphore", iterations);
        yield return CrossProcess("SharedEvent (auto reset)", "set → wait, both ways", "event", iterations);

        using (var region = SharedMemoryRegion.Create(RegionSize, "benchmark"))
        using (var ping = SharedSemaphore.Create(region, PingAt, 0))
        using (var pong = SharedSemaphore.Create(region, PongAt, 0))
        {
            yield return InProcess("SharedSemaphore", "release → wait, both ways", iterations, () => ping.Release(), () => ping.Wait(), () => pong.Release(), () => pong.Wait());
        }

        using (var ping = new SemaphoreSlim(0))
        using (var pong = new SemaphoreSlim(0))
        {
            yield return InProcess("SemaphoreSlim", "release → wait, both ways", iterations, () => ping.Release(), ping.Wait, () => pong.Release(), pong.Wait);
        }

        using (var ping = new ManualResetEventSlim(false))
        using (var pong = new ManualResetEventSlim(false))
        {
            yield return InProcess("ManualResetEventSlim", "set → wait + reset, both ways", iterations,
                ping.Set, () => { ping.Wait(); ping.Reset(); },
                pong.Set, () => { pong.Wait(); pong.Reset(); });
        }
    }

    private static Measurement CrossProcess(string primitive, string operation, string kind, int iterations)
    {
        using var region = SharedMemoryRegion.Create(RegionSize, "benchmark");
        var stop = new SharedValue<int>(region, StopAt);
        Action signalPing, waitPong;
        IDisposable objects;
        if (kind == "semaphore")
        {
            var ping = SharedSemaphore.Create(region, PingAt, 0);
            var pong = SharedSemaphore.Create(region, PongAt, 0);
            (signalPing, waitPong, objects) = (() => ping.Release(), () => Check(pong.Wait(5_000)), new Disposables(ping, pong));
        }
        else
        {
            var ping = SharedEvent.Create(region, PingAt, false, EventResetMode.AutoReset);
            var pong = SharedEvent.Create(region, PongAt, false, EventResetMode.AutoReset);
            (signalPing, waitPong, objects) = (ping.Set, () => Check(pong.Wait(5_000)), new Disposables(ping, pong));
        }

        using (objects)
        using (var echo = EchoWorker.Start(region, kind))
        {
            try
            {
                Measurement result = Time(primitive, "cross-process", operation, iterations, signalPing, waitPong);
                stop.Write(1);
                signalPing(); // the echo process sees the stop flag after this wake
                echo.WaitForExit(5_000);
                return result;
            }
            finally
            {
                if (!echo.HasExited)
                {
                    echo.Kill();
                }
            }
        }
    }

    private static Measurement InProcess(string primitive, string operation, int iterations, Action signalPing, Action waitPing, Action signalPong, Action waitPong)
    {
        int total = iterations + Warmup(iterations);
        var echo = new Thread(() =>
        {
            for (int i = 0; i < total; i++)
            {
                waitPing();
                signalPong();
            }
        }) { IsBackground = true };
        echo.Start();
        Measurement result = Time(primitive, "in-process", operation, iterations, signalPing, waitPong);
        echo.Join();
        return result;
    }

    private static Measurement Time(string primitive, string scope, string operation, int iterations, Action signalPing, Action waitPong)
    {
        for (int i = 0; i < Warmup(iterations); i++)
        {
            signalPing();
            waitPong();
        }

        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            signalPing();
            waitPong();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }

        Array.Sort(samples);
        return new Measurement(primitive, "round trip", scope, operation, iterations,
            samples.Average(), samples[iterations / 2], samples[(int)(iterations * 0.99)]);
    }

    private static int Warmup(int iterations) => Math.Max(100, iterations / 10);

    private static void Check(bool signalled)
    {
        if (!signalled)
        {
            throw new TimeoutException("The echo side did not answer within 5 s.");
        }
    }

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (IDisposable item in items)
            {
                item.Dispose();
            }
        }
    }
}
