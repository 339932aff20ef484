using System.Globalization;
using System.Text;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Reports;

/// <summary>
/// What each design's answers cost, as an SVG chart per pass: its latency percentiles (p50, p90, p99 on a logarithmic
/// scale, the line spanning p50 to p99) and the server's CPU time per request. Written with the table, from the same
/// run, as <see cref="SvgChart"/>.
/// </summary>
internal static class CostChart
{
    private const int Width = 960;
    private const int LabelWidth = 250;
    private const int LatencyLeft = 260;
    private const int LatencyRight = 600;
    private const int CpuLeft = 640;
    private const int CpuRight = 900;
    private const int RowHeight = 20;
    private const int PassGap = 48;
    private const double LatencyFloorMs = 0.1;
    private const double LatencyCeilingMs = 10_000;

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static string Render(SuiteReport report)
    {
        var passes = report.Settings.Passes
            .Select(pass => (Pass: pass, Results: report.Pass(pass).Where(r => r.Status == DesignStatus.Measured).ToList()))
            .Where(p => p.Results.Count > 0)
            .ToList();
        var height = 70 + passes.Sum(p => PassGap + 20 + (p.Results.Count * RowHeight)) + 16;
        var svg = new StringBuilder();
        SvgWriting.Open(svg, Width, height);
        SvgWriting.Text(svg, 12, 22, "Latency percentiles and server CPU per request, by design", "font-size=\"16\" font-weight=\"bold\"");
        SvgWriting.Text(svg, 12, 42, SvgChart.Machine(report.Machine), "fill=\"#555555\"");

        var y = 70;
        foreach (var (pass, results) in passes)
        {
            y += PassGap;
            SvgWriting.Text(svg, 12, y - 26, pass.Title(report.Settings.SleepMilliseconds), "font-weight=\"bold\"");
            SvgWriting.Text(svg, LatencyLeft, y - 8, "latency, ms (log scale): p50 ● p90 | p99 ●", "fill=\"#555555\"");
            SvgWriting.Text(svg, CpuLeft, y - 8, "server CPU µs per request", "fill=\"#555555\"");
            var cpuTop = MarkdownReport.AxisMaximum(results.Max(r => r.ServerCpuMicrosPerRequest));
            foreach (var result in results)
            {
                SvgWriting.Text(svg, LabelWidth - 8, y + 13, result.Design.Name, "text-anchor=\"end\"");
                var p50 = LatencyX(result.Load!.Latency.ValueAtPercentile(50) / 1000.0);
                var p90 = LatencyX(result.Load.Latency.ValueAtPercentile(90) / 1000.0);
                var p99 = LatencyX(result.Load.Latency.ValueAtPercentile(99) / 1000.0);
                svg.AppendLine(string.Create(s_invariant, $"""<line x1="{p50:F1}" x2="{p99:F1}" y1="{y + 9}" y2="{y + 9}" stroke="#3465a4" stroke-width="2"/>"""));
                svg.AppendLine(string.Create(s_invariant, $"""<circle cx="{p50:F1}" cy="{y + 9}" r="3.5" fill="#3465a4"/><line x1="{p90:F1}" x2="{p90:F1}" y1="{y + 4}" y2="{y + 14}" stroke="#3465a4" stroke-width="2"/><circle cx="{p99:F1}" cy="{y + 9}" r="3.5" fill="#cc0000"/>"""));
                var cpu = result.ServerCpuMicrosPerRequest;
                var length = (CpuRight - CpuLeft) * Math.Clamp(cpu / cpuTop, 0, 1);
                svg.AppendLine(string.Create(s_invariant, $"""<rect x="{CpuLeft}" y="{y + 4}" width="{length:F1}" height="10" fill="#e0892b"/>"""));
                SvgWriting.Text(svg, (int)(CpuLeft + length + 4), y + 13, cpu.ToString("N0", s_invariant), "font-size=\"10\"");
                y += RowHeight;
            }

            foreach (var tick in new[] { 0.1, 1, 10, 100, 1000, 10_000 })
            {
                var x = LatencyX(tick);
                svg.AppendLine(string.Create(s_invariant, $"""<line x1="{x:F1}" x2="{x:F1}" y1="{y}" y2="{y + 4}" stroke="#555555"/>"""));
                SvgWriting.Text(svg, (int)x, y + 16, tick.ToString("0.#", s_invariant), "text-anchor=\"middle\" font-size=\"10\"");
            }

            y += 20;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>Milliseconds on a log scale from 0.1 ms to 10 s; values outside are pinned to the ends.</summary>
    internal static double LatencyX(double milliseconds)
    {
        var clamped = Math.Clamp(milliseconds, LatencyFloorMs, LatencyCeilingMs);
        var fraction = Math.Log10(clamped / LatencyFloorMs) / Math.Log10(LatencyCeilingMs / LatencyFloorMs);
        return LatencyLeft + ((LatencyRight - LatencyLeft) * fraction);
    }
}
