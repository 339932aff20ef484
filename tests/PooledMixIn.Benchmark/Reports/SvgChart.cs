using System.Globalization;
using System.Security;
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
        svg.AppendLine(string.Create(s_invariant, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="12">"""));
        svg.AppendLine("""<rect width="100%" height="100%" fill="#ffffff"/>""");
        Text(svg, 12, 22, "Requests per second by design (good answers only)", "font-size=\"16\" font-weight=\"bold\"");
        Text(svg, 12, 42, Machine(report.Machine), "fill=\"#555555\"");
        Legend(svg, 12, 62);

        var y = 84;
        foreach (var (pass, results) in passes)
        {
            y += PassGap;
            Text(svg, 12, y - 12, pass.Title(report.Settings.SleepMilliseconds), "font-weight=\"bold\"");
            var top = MarkdownReport.AxisMaximum(results.Max(r => Math.Max(r.Load!.RequestsPerSecond, r.Wrk?.RequestsPerSecond ?? 0)));
            foreach (var result in results)
            {
                Text(svg, LabelWidth - 8, y + 14, result.Design.Name, "text-anchor=\"end\"");
                Bar(svg, y + 3, result.Load!.RequestsPerSecond, top, ClientColour);
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

    private static string Machine(MachineInfo machine) => string.Create(
        s_invariant,
        $"{machine.Cpu}, {machine.Cores} cores; load average {machine.LoadAverage} at the start{(machine.LoadAverageAtEnd.Length > 0 ? $", {machine.LoadAverageAtEnd} at the end" : "")}; {machine.Date:yyyy-MM-dd HH:mm} UTC; commit {machine.Revision}");

    private static void Legend(StringBuilder svg, int x, int y)
    {
        svg.AppendLine(string.Create(s_invariant, $"""<rect x="{x}" y="{y - 9}" width="12" height="{BarHeight}" fill="{ClientColour}"/>"""));
        Text(svg, x + 18, y, "the project's client (every answer verified)", attributes: "");
        svg.AppendLine(string.Create(s_invariant, $"""<rect x="{x + 300}" y="{y - 9}" width="12" height="{BarHeight}" fill="{WrkColour}"/>"""));
        Text(svg, x + 318, y, "wrk (status codes only)", "");
    }

    private static void Bar(StringBuilder svg, int y, double value, double top, string colour)
    {
        var length = (Width - LabelWidth - ValueWidth) * Math.Clamp(value / top, 0, 1);
        svg.AppendLine(string.Create(s_invariant, $"""<rect x="{LabelWidth}" y="{y}" width="{length:F1}" height="{BarHeight}" fill="{colour}"/>"""));
        Text(svg, (int)(LabelWidth + length + 4), y + BarHeight - 1, value.ToString("N0", s_invariant), "font-size=\"10\"");
    }

    private static void Text(StringBuilder svg, int x, int y, string text, string attributes) =>
        svg.AppendLine(string.Create(s_invariant, $"""<text x="{x}" y="{y}"{(attributes.Length > 0 ? " " + attributes : "")}>{SecurityElement.Escape(text)}</text>"""));
}
