using PooledMixIn.Benchmark.Reports;
using PooledMixIn.Benchmark.Servers;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

public class SweepTests
{
    [Fact]
    public void A_threads_point_sets_the_option_and_the_name_and_keeps_the_line()
    {
        var design = SampleReports.Design("pooled-handoff-2x64");

        var at16 = SweepAxis.Threads.Design(design, 16);

        at16.Name.Should().Be("pooled-handoff-2x16");
        at16.Options.Should().Be("--processes 2 --threads 16 --strategy handoff");
        SweepAxis.Threads.Family(at16).Should().Be("pooled-handoff-2xT").And.Be(SweepAxis.Threads.Family(design));
    }

    [Fact]
    public void A_design_without_threads_cannot_be_swept_over_them() =>
        FluentActions.Invoking(() => SweepAxis.Threads.Design(SampleReports.Design("kestrel"), 8))
            .Should().Throw<ArgumentException>().WithMessage("*kestrel has no --threads*");

    [Fact]
    public void A_clients_point_changes_the_clients_and_not_the_design()
    {
        var design = SampleReports.Design("threading");

        SweepAxis.Clients.Design(design, 1000).Should().BeSameAs(design);
        SweepAxis.Clients.Settings(new SuiteSettings(), 1000).Clients.Should().Be(1000);
        SweepAxis.Threads.Settings(new SuiteSettings(), 1000).Clients.Should().Be(100, "a threads sweep keeps the clients fixed");
    }

    [Fact]
    public void Every_default_design_of_a_sweep_is_in_the_catalogue_and_can_take_the_sweep()
    {
        foreach (var axis in new[] { SweepAxis.Clients, SweepAxis.Threads })
        {
            foreach (var name in axis.DefaultDesigns())
            {
                var design = DesignCatalogue.All.Should().ContainSingle(d => d.Name == name).Subject;
                FluentActions.Invoking(() => axis.Design(design, 4)).Should().NotThrow();
            }
        }
    }

    [Fact]
    public void The_chart_draws_a_line_per_design_and_a_range_per_point_with_rounds()
    {
        var sweep = Sweep();

        var svg = SweepChart.Render(sweep);

        CountOf(svg, "<polyline").Should().Be(2);
        CountOf(svg, "class=\"range\"").Should().Be(3, "the three points measured in two rounds have a range, the one-round point none");
        svg.Should().Contain("load average 0.10 0.20 0.30 at the start, 1.50 0.80 0.40 at the end");
    }

    [Fact]
    public void The_include_has_a_row_per_design_and_a_column_per_point_with_its_range()
    {
        var markdown = SweepMarkdown.Render(Sweep());

        markdown.Should().Contain("| design | 1 clients | 10 clients |");
        markdown.Should().Contain("| serial | 1000 (900–1100) | 1000 (950–1050) |");
        markdown.Should().Contain("| threading | 3000 (2900–3100) | – |", "a design not measured at a point has a dash there");
        markdown.Should().Contain("a number of concurrent clients that the sweep varies").And.NotContain("100 concurrent clients");
    }

    [Fact]
    public void The_suite_chart_draws_the_range_of_the_rounds_across_each_bar()
    {
        var report = SampleReports.Create();
        var ranged = report with
        {
            Results = [.. report.Results.Select(r => r.Design.Name == "serial" ? r with { RoundThroughputs = [900, 1000, 1100] } : r)],
        };

        CountOf(SvgChart.Render(report), "class=\"range\"").Should().Be(0);
        CountOf(SvgChart.Render(ranged), "class=\"range\"").Should().Be(1);
    }

    [Theory]
    [InlineData(0.1, 260)]
    [InlineData(10_000, 600)]
    [InlineData(10, 396)] // two decades of five
    [InlineData(0.001, 260)] // pinned to the floor
    public void Latency_is_placed_on_a_log_scale(double milliseconds, double x) =>
        CostChart.LatencyX(milliseconds).Should().BeApproximately(x, 0.01);

    [Fact]
    public void The_cost_chart_has_a_row_per_measured_design_and_pass()
    {
        var svg = CostChart.Render(SampleReports.Create());

        CountOf(svg, "fill=\"#e0892b\"").Should().Be(4, "serial, threading and kestrel in the first pass and kestrel with keep-alive have a CPU bar each");
    }

    private static SweepReport Sweep()
    {
        var one = SampleReports.Create();
        DesignResult Serial(double[] rounds) => SampleReports.Measured("serial", SuitePass.NewConnection, 10_000, 0) with { RoundThroughputs = rounds };
        var atOne = one with { Results = [Serial([900, 1000, 1100]), SampleReports.Measured("threading", SuitePass.NewConnection, 30_000, 0) with { RoundThroughputs = [2900, 3000, 3100] }] };
        var atTen = one with { Results = [Serial([950, 1000, 1050]), new(SampleReports.Design("threading"), SuitePass.NewConnection, DesignStatus.Failed, "boom")] };
        var atHundred = one with { Results = [Serial([1000])] };
        return new SweepReport(SweepAxis.Clients, [new(1, atOne), new(10, atTen), new(100, atHundred)]);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
