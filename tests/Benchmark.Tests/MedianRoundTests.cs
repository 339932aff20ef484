using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

public class MedianRoundTests
{
    private readonly SuiteReport _report = SampleReports.Create();

    [Fact]
    public void The_round_with_the_median_throughput_stands_for_the_design_with_every_round_kept()
    {
        var middle = SampleReports.Measured("serial", SuitePass.NewConnection, requests: 20_000, errors: 0);
        var slow = SampleReports.Measured("serial", SuitePass.NewConnection, requests: 10_000, errors: 0);
        var fast = SampleReports.Measured("serial", SuitePass.NewConnection, requests: 30_000, errors: 0);

        var median = SuiteRunner.Median([fast, middle, slow]);

        median.Load.Should().BeSameAs(middle.Load);
        median.RoundThroughputs.Should().Equal(3_000, 2_000, 1_000);
        Reports.ResultColumns.Throughput(median).Should().Be("2000 (1000–3000)");
    }

    [Fact]
    public void A_failed_round_is_never_averaged_away()
    {
        var serial = _report.Results.First(r => r.Design.Name == "serial");
        var failed = new DesignResult(serial.Design, serial.Mode, DesignStatus.Failed, "did not start");

        SuiteRunner.Median([serial, failed, serial]).Should().BeSameAs(failed);
    }

    [Fact]
    public void A_round_with_errors_stands_for_the_design_so_a_smoke_run_still_fails()
    {
        var threading = _report.Results.First(r => r.Design.Name == "threading");
        var clean = _report.Results.First(r => r.Design.Name == "serial") with { Design = threading.Design };

        SuiteRunner.Median([clean, threading, clean]).IsFailure.Should().BeTrue();
    }
}
