using System.Globalization;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Servers;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Reports;

/// <summary>The results table's columns and how each cell is written.</summary>
internal static class ResultColumns
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    private static readonly ReportColumn s_design = new("design", (_, r) => r.Design.Name, AlignRight: false);

    /// <summary>What a client sees: throughput, latency, errors.</summary>
    public static IReadOnlyList<ReportColumn> Performance { get; } =
    [
        s_design,
        new("layer", (_, r) => r.Design.LayerLabel),
        new("UNP", (_, r) => r.Design.Stevens),
        new("req/s", (_, r) => Throughput(r)),
        new("× kestrel", (s, r) => Ratio(s.Ratio(r, DesignCatalogue.Reference))),
        new("× threading", (s, r) => Ratio(s.Ratio(r, DesignCatalogue.ThreadPerConnection))),
        new("wrk req/s", (_, r) => r.Wrk is { } wrk ? wrk.RequestsPerSecond.ToString("F0", s_invariant) : "–"),
        new("wrk × kestrel", (s, r) => Ratio(s.WrkRatio(r, DesignCatalogue.Reference))),
        new("wrk errors", (_, r) => r.Wrk is { } wrk ? WrkErrors(wrk) : "–"),
        new("p50 ms", (_, r) => Millis(r.Load!.Latency.ValueAtPercentile(50))),
        new("p90 ms", (_, r) => Millis(r.Load!.Latency.ValueAtPercentile(90))),
        new("p99 ms", (_, r) => Millis(r.Load!.Latency.ValueAtPercentile(99))),
        new("max ms", (_, r) => Millis(r.Load!.Latency.Max)),
        new("errors", (_, r) => Errors(r.Load!)),
    ];

    /// <summary>What it costs the machine, and how evenly the workers shared the load.</summary>
    public static IReadOnlyList<ReportColumn> Costs { get; } =
    [
        s_design,
        new("CPU µs/req", (_, r) => r.ServerCpuMicrosPerRequest.ToString("F0", s_invariant)),
        new("RSS MB", (_, r) => Megabytes(r.PeakResidentBytes)),
        new("PSS MB", (_, r) => Megabytes(r.ProportionalBytes)),
        new("start ms", (_, r) => r.StartupTime.TotalMilliseconds.ToString("F0", s_invariant)),
        new("processes", (_, r) => Processes(r.Load!.Workers), AlignRight: false),
        new("threads", (_, r) => Threads(r.Load!.Workers), AlignRight: false),
        new("stop", (_, r) => r.Stop?.ToString() ?? "", AlignRight: false),
    ];

    /// <summary>Every column once: the console's one wide table.</summary>
    public static IReadOnlyList<ReportColumn> All { get; } = [.. Performance, .. Costs.Skip(1)];

    /// <summary>The requests per second, and with several rounds their range: the noise to read the figure with.</summary>
    public static string Throughput(DesignResult result)
    {
        var median = result.Load!.RequestsPerSecond.ToString("F0", s_invariant);
        return result.RoundThroughputs.Count > 1
            ? string.Create(s_invariant, $"{median} ({result.RoundThroughputs.Min():F0}–{result.RoundThroughputs.Max():F0})")
            : median;
    }

    public static string Ratio(double? ratio) => ratio is { } value ? value.ToString("F2", s_invariant) + "×" : "–";

    public static string Millis(long micros) => (micros / 1000.0).ToString(micros < 10_000 ? "F2" : "F0", s_invariant);

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", s_invariant);

    /// <summary>"0", or the total and its kinds: "12 (timeout 10, reset 2)".</summary>
    public static string Errors(LoadResult load)
    {
        if (load.TotalErrors == 0)
        {
            return "0";
        }

        var kinds = Enum.GetValues<ErrorKind>()
            .Where(kind => load.ErrorCount(kind) > 0)
            .Select(kind => string.Create(s_invariant, $"{ErrorName(kind)} {load.ErrorCount(kind)}"));
        return string.Create(s_invariant, $"{load.TotalErrors} ({string.Join(", ", kinds)})");
    }

    /// <summary>wrk's socket errors and non-2xx answers: "0", or "read 812, non-2xx 3".</summary>
    public static string WrkErrors(WrkResult wrk)
    {
        (string Name, long Count)[] kinds =
        [
            ("connect", wrk.ConnectErrors), ("read", wrk.ReadErrors), ("write", wrk.WriteErrors), ("timeout", wrk.Timeouts), ("non-2xx", wrk.Non2xx),
        ];
        var counted = kinds.Where(k => k.Count > 0).Select(k => string.Create(s_invariant, $"{k.Name} {k.Count}")).ToList();
        return counted.Count == 0 ? "0" : string.Join(", ", counted);
    }

    public static string ErrorName(ErrorKind kind) => kind switch
    {
        ErrorKind.Connect => "connect",
        ErrorKind.Reset => "reset",
        ErrorKind.Closed => "closed",
        ErrorKind.Timeout => "timeout",
        ErrorKind.BadStatus => "bad status",
        ErrorKind.BadBody => "bad body",
        _ => kind.ToString(),
    };

    /// <summary>How many processes answered, and each one's share (or the range of shares when there are many).</summary>
    public static string Processes(WorkerTally workers)
    {
        var total = (double)workers.ByProcess.Values.Sum();
        if (workers.ByProcess.Count <= 1 || total == 0)
        {
            return workers.ByProcess.Count.ToString(s_invariant);
        }

        var shares = workers.ByProcess.Values.Select(count => count / total * 100).OrderDescending().ToList();
        var spread = shares.Count <= 4
            ? string.Join("/", shares.Select(share => share.ToString("F0", s_invariant)))
            : $"{shares[^1].ToString("F0", s_invariant)}–{shares[0].ToString("F0", s_invariant)}";
        return string.Create(s_invariant, $"{shares.Count}: {spread} %");
    }

    /// <summary>How many threads answered, and how much more than the mean the busiest one did.</summary>
    public static string Threads(WorkerTally workers)
    {
        var counts = workers.ByThread.Select(t => t.Count).ToList();
        if (counts.Count <= 1)
        {
            return counts.Count.ToString(s_invariant);
        }

        return string.Create(s_invariant, $"{counts.Count} (max {counts.Max() / counts.Average():F1}× mean)");
    }
}
