using System.Globalization;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>
/// Waits, after the builds and before the first measurement, until the machine's 1-minute load average has fallen
/// below a threshold: <c>suite --quiet-below 1.5</c>.
/// </summary>
/// <remarks>
/// A suite run builds and publishes every design first, and a NativeAOT publish alone keeps both cores busy for half a
/// minute; measured straight after, the first designs of the first round share the machine with the builds' decaying
/// load. The wait is bounded: past <c>--quiet-wait</c> the run goes ahead, says so, and states the load it started at,
/// as every run does.
/// </remarks>
internal sealed class QuietMachine(double threshold, TimeSpan maximumWait, Func<double> readLoad, Func<TimeSpan, CancellationToken, Task> delay)
{
    /// <summary>How often the load average is read while waiting; <c>/proc/loadavg</c> itself moves every 5 s.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <summary>Reads the machine's own load average and waits on the clock.</summary>
    public static QuietMachine OfThisMachine(double threshold, TimeSpan maximumWait) =>
        new(threshold, maximumWait, ReadOneMinuteLoad, Task.Delay);

    /// <summary>The 1-minute load average from <c>/proc/loadavg</c>.</summary>
    public static double ReadOneMinuteLoad() =>
        double.Parse(MachineInfo.ReadLoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Waits until the load is below the threshold, or until the wait's bound; returns whether it was reached.</summary>
    public async Task<bool> WaitAsync(TextWriter log, CancellationToken cancellation)
    {
        var waited = TimeSpan.Zero;
        var load = readLoad();
        if (load < threshold)
        {
            return true;
        }

        log.WriteLine($"waiting for the 1-minute load average ({Format(load)}) to fall below {Format(threshold)}, at most {maximumWait.TotalMinutes:0.#} min");
        while (waited < maximumWait)
        {
            await delay(PollInterval, cancellation);
            waited += PollInterval;
            load = readLoad();
            if (load < threshold)
            {
                log.WriteLine($"load average {Format(load)} after {waited.TotalSeconds:0} s: measuring");
                return true;
            }
        }

        log.WriteLine($"the machine is not quiet: load average {Format(load)} after {waited.TotalSeconds:0} s; measuring anyway, and the report states it");
        return false;
    }

    private static string Format(double load) => load.ToString("0.00", CultureInfo.InvariantCulture);
}
