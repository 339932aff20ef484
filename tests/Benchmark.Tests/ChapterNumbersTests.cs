using PooledMixIn.Benchmark.Reports;
using PooledMixIn.Benchmark.Servers;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

public class ChapterNumbersTests
{
    private readonly SuiteReport _report = SampleReports.Create();

    private static ChapterNumbers Chapter(int layer) => ChapterNumbers.All.Single(c => c.Layer == layer);

    [Fact]
    public void Every_design_a_chapter_names_is_in_the_catalogue()
    {
        var names = DesignCatalogue.All.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var named = ChapterNumbers.All.SelectMany(c => c.Baselines.Concat(c.Comparisons.SelectMany(p => new[] { p.Design, p.Baseline })));

        named.Where(name => !names.Contains(name)).Should().BeEmpty("a renamed design would silently drop its row and its comparison");
    }

    [Fact]
    public void A_chapter_include_states_the_run_it_comes_from_and_shows_only_its_designs()
    {
        var markdown = ChapterNumbersReport.Render(_report, Chapter(1));

        markdown.Should().Contain("load average 0.10 0.20 0.30 at the start and 1.50 0.80 0.40 at the end; commit 0123456789ab.");
        markdown.Should().Contain("| serial | 1000 | – |").And.Contain("| threading | 3000 | 4500 |").And.Contain("| kestrel | 8000 | 12000 |");
        markdown.Should().NotContain("preforked-4", "layer 3's designs are not layer 1's");
    }

    [Fact]
    public void A_comparison_is_a_ratio_with_each_client_and_only_where_both_were_measured()
    {
        ChapterNumbersReport.Compare(_report, SuitePass.NewConnection, "threading", "kestrel")
            .Should().Be("threading ÷ kestrel: 0.38× with the project's client, 0.38× with wrk");
        ChapterNumbersReport.Compare(_report, SuitePass.NewConnection, "serial", "kestrel")
            .Should().Be("serial ÷ kestrel: 0.12× with the project's client", "serial has no wrk figure");
        ChapterNumbersReport.Compare(_report, SuitePass.KeepAlive, "serial", "kestrel").Should().BeNull();
        ChapterNumbersReport.Compare(_report, SuitePass.NewConnection, "pooled-handoff-2x64", "kestrel").Should().BeNull("it was not built");
    }

    [Theory]
    [InlineData(new[] { 10.0, 12.0 }, new[] { 11.0, 13.0 }, true)]
    [InlineData(new[] { 10.0, 12.0 }, new[] { 12.5, 13.0 }, false)]
    [InlineData(new[] { 10.0 }, new[] { 10.0 }, false)] // one round: no range to overlap
    public void Overlapping_rounds_are_named_so_that_prose_reads_no_order_into_noise(double[] first, double[] second, bool overlap)
    {
        var a = SampleReports.Measured("serial", SuitePass.NewConnection, 100, 0) with { RoundThroughputs = first };
        var b = SampleReports.Measured("threading", SuitePass.NewConnection, 100, 0) with { RoundThroughputs = second };

        ChapterNumbersReport.RoundsOverlap(a, b).Should().Be(overlap);
    }

    [Fact]
    public void Runtime_variants_belong_to_the_results_chapter_not_to_layer_5()
    {
        Chapter(5).Shows(SampleReports.Design("pooled-handoff-2x64-server-gc")).Should().BeFalse();
        Chapter(5).Shows(SampleReports.Design("pooled-handoff-2x64")).Should().BeTrue();
        Chapter(5).Shows(SampleReports.Design("kestrel")).Should().BeTrue();
    }
}
