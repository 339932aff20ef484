using System.Xml.Linq;
using PooledMixIn.Benchmark.Reports;

namespace PooledMixIn.Benchmark.Tests;

public sealed class SvgChartTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    private readonly Suite.SuiteReport _report = SampleReports.Create();

    [Fact]
    public void The_chart_is_well_formed_svg_with_one_client_bar_per_measured_design_and_pass_and_a_wrk_bar_where_wrk_ran()
    {
        var svg = XDocument.Parse(SvgChart.Render(_report)).Root!;
        var rectangles = svg.Descendants(s_svg + "rect").ToList();

        svg.Name.Should().Be(s_svg + "svg");
        // background + 2 legend swatches; new connection: serial, threading, kestrel (+ wrk for threading and kestrel);
        // keep-alive: kestrel.
        rectangles.Should().HaveCount(1 + 2 + 3 + 2 + 1);
        rectangles.Count(r => (string?)r.Attribute("fill") == "#e0892b").Should().Be(2 + 1, "wrk's two bars and its legend swatch");
    }

    [Fact]
    public void Bars_are_to_scale_within_a_pass()
    {
        var svg = XDocument.Parse(SvgChart.Render(_report)).Root!;
        var clientBars = svg.Descendants(s_svg + "rect")
            .Where(r => (string?)r.Attribute("fill") == "#3465a4" && (string?)r.Attribute("x") != "12")
            .Select(r => double.Parse((string)r.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        // serial 1000, threading 3000, kestrel 8000 req/s in the first pass
        (clientBars[1] / clientBars[0]).Should().BeApproximately(3, 0.01);
        (clientBars[2] / clientBars[0]).Should().BeApproximately(8, 0.01);
    }

    [Fact]
    public void The_chart_states_the_machine_its_load_and_the_commit()
    {
        var texts = XDocument.Parse(SvgChart.Render(_report)).Root!.Descendants(s_svg + "text").Select(t => t.Value).ToList();

        texts.Should().Contain(t => t.Contains("load average 0.10 0.20 0.30 at the start, 1.50 0.80 0.40 at the end", StringComparison.Ordinal)
            && t.Contains("commit 0123456789ab", StringComparison.Ordinal));
        texts.Should().Contain(["serial", "threading", "kestrel", "Keep-alive connections"]);
    }
}
