using System.Net;
using System.Text;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Servers;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

/// <summary>Made-up suite results with known numbers, for the report tests.</summary>
internal static class SampleReports
{
    public static SuiteReport Create()
    {
        var settings = new SuiteSettings { Clients = 100, Duration = TimeSpan.FromSeconds(10) };
        DesignResult[] results =
        [
            Measured("serial", SuitePass.NewConnection, requests: 10_000, errors: 0),
            Measured("threading", SuitePass.NewConnection, requests: 30_000, errors: 3) with { Wrk = new WrkResult(4_500, 45_000, 0, 0, 45_000, 0, 0) },
            new(Design("pooled-handoff-2x64"), SuitePass.NewConnection, DesignStatus.NotBuilt, "no project src/05-*/PooledMixIn.Demo yet"),
            new(Design("preforked-4"), SuitePass.NewConnection, DesignStatus.Failed, "did not start: boom | bang"),
            Measured("kestrel", SuitePass.NewConnection, requests: 80_000, errors: 0) with { Wrk = new WrkResult(12_000, 120_000, 0, 0, 0, 0, 0) },
            Measured("kestrel", SuitePass.KeepAlive, requests: 300_000, errors: 0),
        ];
        var machine = new MachineInfo("Test CPU", 2, "Debian GNU/Linux 12 (bookworm)", "6.1.0", ".NET 10.0.0", new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero), "0.10 0.20 0.30")
        {
            Revision = "0123456789ab",
            LoadAverageAtEnd = "1.50 0.80 0.40",
        };
        return new SuiteReport(machine, settings, results, TimeSpan.FromSeconds(100));
    }

    public static ServerDesign Design(string name) => DesignCatalogue.All.First(d => d.Name == name);

    public static DesignResult Measured(string name, SuitePass mode, long requests, long errors)
    {
        var latency = new LatencyHistogram();
        var workers = new WorkerTally();
        for (var i = 0; i < requests; i++)
        {
            latency.Record(1_000 + (i % 100));
            workers.Count(4242 + (i % 2), Encoding.ASCII.GetBytes($"worker-{i % 4}"));
        }

        var errorCounts = new long[Enum.GetValues<ErrorKind>().Length];
        errorCounts[(int)ErrorKind.Timeout] = errors;
        var load = new LoadResult
        {
            Settings = new LoadSettings(new IPEndPoint(IPAddress.Loopback, 1), mode.RequestPath(new SuiteSettings().SleepMilliseconds), 100, TimeSpan.FromSeconds(10), null, mode == SuitePass.KeepAlive, TimeSpan.FromSeconds(10)),
            Elapsed = TimeSpan.FromSeconds(10),
            ClientCpu = TimeSpan.FromSeconds(1),
            Latency = latency,
            Workers = workers,
            Errors = errorCounts,
            ErrorSamples = errors > 0 ? ["Timeout: Receive: timed out"] : [],
            ConnectionsOpened = requests,
        };
        return new DesignResult(Design(name), mode, DesignStatus.Measured, "")
        {
            Load = load,
            ServerCpu = TimeSpan.FromSeconds(requests * 50e-6),
            PeakResidentBytes = 64L << 20,
            ProportionalBytes = 40L << 20,
            StartupTime = TimeSpan.FromMilliseconds(120),
            Stop = new StopOutcome("shutdown", 0, TimeSpan.FromMilliseconds(30), 0),
        };
    }
}
