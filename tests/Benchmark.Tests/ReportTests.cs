using System.Text.Json;
using PooledMixIn.Benchmark.Reports;

namespace PooledMixIn.Benchmark.Tests;

public class ReportTests
{
    private readonly Suite.SuiteReport _report = SampleReports.Create();

    [Fact]
    public void Ratios_are_taken_within_one_pass_of_one_run()
    {
        var threading = _report.Results.First(r => r.Design.Name == "threading");
        var keepAliveKestrel = _report.Results.First(r => r.Mode == Suite.SuitePass.KeepAlive);

        _report.Ratio(threading, "kestrel").Should().BeApproximately(3_000.0 / 8_000, 1e-9);
        _report.Ratio(keepAliveKestrel, "kestrel").Should().Be(1);
        _report.Ratio(keepAliveKestrel, "threading").Should().BeNull("threading has no keep-alive result to compare with");
    }

    [Fact]
    public void The_markdown_states_the_machine_and_client_and_has_a_table_and_a_chart_per_pass()
    {
        var markdown = MarkdownReport.Render(_report);

        markdown.Should().Contain("Test CPU, 2 cores").And.Contain("Debian GNU/Linux 12").And.Contain(".NET 10.0.0");
        markdown.Should().Contain("100 concurrent clients, 10 s per design");
        markdown.Should().Contain("| design | layer | UNP | req/s | × kestrel | × threading | wrk req/s | wrk × kestrel | wrk errors | p50 ms | p90 ms | p99 ms | max ms | errors |");
        markdown.Should().Contain("| design | CPU µs/req | RSS MB | PSS MB | start ms | processes | threads | stop |");
        markdown.Should().Contain("| serial | 50 | 64 | 40 | 120 | 2: 50/50 % | 4 (max 1.0× mean) | clean |");
        markdown.Should().Contain("| serial | 1 | 30.4 | 1000 | 0.12× | 0.33× |");
        markdown.Should().Contain("| 3 (timeout 3) |");
        CountOf(markdown, "```mermaid\nxychart-beta horizontal\n").Should().Be(2);
        markdown.Should().Contain("    x-axis [\"serial\", \"threading\", \"kestrel\"]");
        markdown.Should().Contain("    bar [1000, 3000, 8000]");
        markdown.Should().Contain("    y-axis \"requests/s\" 0 --> 8000");
    }

    [Fact]
    public void The_markdown_states_the_load_average_at_the_start_and_at_the_end_and_the_commit()
    {
        MarkdownReport.Render(_report).Should().Contain("load average 0.10 0.20 0.30 at the start and 1.50 0.80 0.40 at the end; commit 0123456789ab.");
    }

    [Fact]
    public void The_client_line_states_the_rounds_and_whether_wrk_followed()
    {
        MarkdownReport.ClientLine(new Suite.SuiteSettings()).Should().EndWith("Release build; one round; then wrk, the same way.");
        MarkdownReport.ClientLine(new Suite.SuiteSettings { Rounds = 3, Wrk = false })
            .Should().EndWith("Release build; every design measured in 3 interleaved rounds, the median round shown.");
    }

    [Fact]
    public void Wrk_figures_sit_in_their_own_columns_with_their_own_ratio_and_errors()
    {
        var markdown = MarkdownReport.Render(_report);

        markdown.Should().Contain("| threading | 2 | 30.10 | 3000 | 0.38× | 1.00× | 4500 | 0.38× | read 45000 |");
        markdown.Should().Contain("| kestrel | ref |  | 8000 | 1.00× | 2.67× | 12000 | 1.00× | 0 |");
        markdown.Should().Contain("| serial | 1 | 30.4 | 1000 | 0.12× | 0.33× | – | – | – |", "a design wrk did not load shows no figure rather than zero");
    }

    [Fact]
    public void The_markdown_links_the_chart_written_with_it_only_when_asked()
    {
        MarkdownReport.Render(_report, "results.svg").Should().Contain("](results.svg)");
        MarkdownReport.Render(_report).Should().NotContain("![", "a chart is linked only where one was written");
    }

    [Theory]
    [InlineData(10_572, 12_000)]
    [InlineData(73_127, 74_000)]
    [InlineData(8_000, 8_000)]
    [InlineData(999, 1_000)]
    [InlineData(0, 1)]
    public void The_chart_axis_ends_just_above_the_fastest_design(double top, double axisMaximum)
    {
        MarkdownReport.AxisMaximum(top).Should().Be(axisMaximum);
    }

    [Fact]
    public void Designs_not_built_yet_are_listed_and_failed_ones_shown_as_failed()
    {
        var markdown = MarkdownReport.Render(_report);

        markdown.Should().Contain("Not built: pooled-handoff-2x64 (no project src/05-*/PooledMixIn.Demo yet).");
        markdown.Should().Contain("FAILED: preforked-4: did not start: boom | bang");
        markdown.Should().NotContain("| preforked-4 |");
        markdown.Should().NotContain("| pooled-handoff-2x64 |");
    }

    [Fact]
    public void The_console_table_aligns_its_columns()
    {
        using var writer = new StringWriter();

        ConsoleReport.Write(writer, _report);

        var lines = writer.ToString().Split('\n');
        var header = lines.First(l => l.StartsWith("design", StringComparison.Ordinal));
        var serial = lines.First(l => l.StartsWith("serial ", StringComparison.Ordinal));
        var numberEnd = serial.IndexOf(" 1000 ", StringComparison.Ordinal) + " 1000".Length;
        numberEnd.Should().Be(header.IndexOf("req/s", StringComparison.Ordinal) + "req/s".Length, "numbers are right-aligned under their headings");
        serial.Should().StartWith("serial ");
    }

    [Fact]
    public void The_json_holds_every_result_with_its_numbers_and_workers()
    {
        using var json = JsonDocument.Parse(JsonReport.Render(_report));
        var root = json.RootElement;

        root.GetProperty("machine").GetProperty("cores").GetInt32().Should().Be(2);
        root.GetProperty("client").GetProperty("clients").GetInt32().Should().Be(100);
        var results = root.GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCount(6);

        var threading = results.First(r => r.GetProperty("design").GetString() == "threading");
        threading.GetProperty("requestsPerSecond").GetDouble().Should().Be(3000);
        threading.GetProperty("vsKestrel").GetDouble().Should().Be(0.375);
        threading.GetProperty("errors").GetProperty("timeout").GetInt64().Should().Be(3);
        threading.GetProperty("latencyMicroseconds").GetProperty("p50").GetInt64().Should().Be(1_055, "the median 1049 µs is reported as the top of its 16 µs bucket");
        threading.GetProperty("serverCpuMicrosecondsPerRequest").GetDouble().Should().Be(50);
        threading.GetProperty("wrk").GetProperty("requestsPerSecond").GetDouble().Should().Be(4_500);
        threading.GetProperty("wrk").GetProperty("readErrors").GetInt64().Should().Be(45_000);
        threading.GetProperty("build").GetString().Should().Be("JIT");
        root.GetProperty("machine").GetProperty("loadAverageAtEnd").GetString().Should().Be("1.50 0.80 0.40");
        threading.GetProperty("responsesPerProcess").GetProperty("4242").GetInt64().Should().Be(15_000);
        threading.GetProperty("responsesPerThread").GetArrayLength().Should().Be(4);

        results.First(r => r.GetProperty("design").GetString() == "pooled-handoff-2x64").GetProperty("status").GetString().Should().Be("NotBuilt");
    }

    [Fact]
    public void Fairness_cells_show_each_processs_share_and_the_busiest_thread()
    {
        var serial = _report.Results.First(r => r.Design.Name == "serial").Load!;

        ResultColumns.Processes(serial.Workers).Should().Be("2: 50/50 %");
        ResultColumns.Threads(serial.Workers).Should().Be("4 (max 1.0× mean)");
    }

    [Fact]
    public void A_smoke_run_fails_on_errors_and_failures_but_not_on_designs_not_built()
    {
        _report.Results.Where(r => r.IsFailure).Select(r => r.Design.Name).Should().BeEquivalentTo(["threading", "preforked-4"]);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
