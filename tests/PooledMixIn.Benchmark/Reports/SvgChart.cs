using System.Globalization;
using System.Text;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Reports;

/// <summary>
/// The results as one SVG bar chart, written with the table so that no figure is drawn by hand: per pass, one bar per
/// design for the project's client's requests per second and, beside it, wrk's. Plain SVG, no script and no font
/// file, so it renders the same in a browser, on a repository page and in the tutorial.
/// </summary>
internal static class SvgChart
{
    private const int Width = 960;
    private const int LabelWidth = 250;
    private const int ValueWidth = 80;
    private const int BarHeight = 9;
    private const int RowHeight = 26;
    private const int PassGap = 44;
    private const string ClientColour = "#3465a4";
    private const string WrkColour = "#e0892b";

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static string Render(SuiteReport report)
    {
        var passes = report.Settings.Passes
            .Select(pass => (Pass: pass, Results: report.Pass(pass).Where(r => r.Status == DesignStatus.Measured).ToList()))
            .Where(p => p.Results.Count > 0)
            .ToList();
        var height = 84 + passes.Sum(p => PassGap + (p.Results.Count * RowHeight)) + 16;
        var svg = new StringBuilder();
        SvgWriting.Open(svg, Width, height);
        SvgWriting.Text(svg, 12, 22, "Requests per second by design (good answers only)", "font-size=\"16\" font-weight=\"bold\"");
        SvgWriting.Text(svg, 12, 42, Machine(report.Machine), "fill=\"#555555\"");
        Legend(svg, 12, 62);

        var y = 84;
        foreach (var (pass, results) in passes)
        {
            y += PassGap;
            SvgWriting.Text(svg, 12, y - 12, pass.Title(report.Settings.SleepMilliseconds), "font-weight=\"bold\"");
            var top = MarkdownReport.AxisMaximum(results.Max(r => Math.Max(
                Math.Max(r.Load!.RequestsPerSecond, r.Wrk?.RequestsPerSecond ?? 0),
                r.RoundThroughputs.Count > 0 ? r.RoundThroughputs.Max() : 0)));
            foreach (var result in results)
            {
                SvgWriting.Text(svg, LabelWidth - 8, y + 14, result.Design.Name, "text-anchor=\"end\"");
                RoundRange(svg, y + 3 + (BarHeight / 2), result.RoundThroughputs, top);
                Bar(svg, y + 3, result.Load!.RequestsPerSecond, top, ClientColour, labelAt: result.RoundThroughputs.Count > 1 ? result.RoundThroughputs.Max() : 0);
                if (result.Wrk is { } wrk)
                {
                    Bar(svg, y + 3 + BarHeight + 1, wrk.RequestsPerSecond, top, WrkColour);
                }

                y += RowHeight;
            }
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>The machine, its load and the commit, short enough for a chart's subtitle.</summary>
    internal static string Machine(MachineInfo machine) => string.Create(
        s_invariant,
        $"{machine.Cpu}, {machine.Cores} cores; load average {machine.LoadAverage} at the start{(machine.LoadAverageAtEnd.Length > 0 ? $", {machine.LoadAverageAtEnd} at the end" : "")}; {machine.Date:yyyy-MM-dd HH:mm} UTC; commit {machine.Revision}");

    private static void Legend(StringBuilder svg, int x, int y)
    {
        svg.AppendLine(string.Create(s_invariant, $"""<rect x="{x}" y="{y - 9}" width="12" height="{BarHeight}" fill="{ClientColour}"/>"""));
        SvgWriting.Text(svg, x + 18, y, "the project's client (every answer verified)", attributes: "");
        svg.AppendLine(string.Create(s_invariant, $"""<rect x="{x + 300}" y="{y - 9}" width="12" height="{BarHeight}" fill="{WrkColour}"/>"""));
        SvgWriting.Text(svg, x + 318, y, "wrk (status codes only)", "");
        SvgWriting.Text(svg, x + 520, y, "black: range of the rounds", "");
    }

    /// <param name="labelAt">Where the value's label goes when past the bar's end (the top of its range), so the two never overlap.</param>
    private static void Bar(StringBuilder svg, int y, double value, double top, string colour, double labelAt = 0)
    {
        var plot = Width - LabelWidth - ValueWidth;
        var length = plot * Math.Clamp(value / top, 0, 1);
        var label = Math.Max(length, plot * Math.Clamp(labelAt / top, 0, 1));
        svg.AppendLine(string.Create(s_invariant, $"""<rect x="{LabelWidth}" y="{y}" width="{length:F1}" height="{BarHeight}" fill="{colour}"/>"""));
        SvgWriting.Text(svg, (int)(LabelWidth + label + 5), y + BarHeight - 1, value.ToString("N0", s_invariant), "font-size=\"10\"");
    }

    /// <summary>With several rounds, a line from the slowest round to the fastest across the bar: the noise to read it with.</summary>
    private static void RoundRange(StringBuilder svg, int y, IReadOnlyList<double> rounds, double top)
    {
        if (rounds.Count < 2)
        {
            return;
        }

        var plot = Width - LabelWidth - ValueWidth;
        var from = LabelWidth + (plot * Math.Clamp(rounds.Min() / top, 0, 1));
        var to = LabelWidth + (plot * Math.Clamp(rounds.Max() / top, 0, 1));
        svg.AppendLine(string.Create(s_invariant, $"""<line class="range" x1="{from:F1}" x2="{to:F1}" y1="{y}" y2="{y}" stroke="#000000" stroke-width="1.5"/>"""));
        svg.AppendLine(string.Create(s_invariant, $"""<line x1="{from:F1}" x2="{from:F1}" y1="{y - 3}" y2="{y + 3}" stroke="#000000" stroke-width="1.5"/>"""));
        svg.AppendLine(string.Create(s_invariant, $"""<line x1="{to:F1}" x2="{to:F1}" y1="{y - 3}" y2="{y + 3}" stroke="#000000" stroke-width="1.5"/>"""));
    }
}
