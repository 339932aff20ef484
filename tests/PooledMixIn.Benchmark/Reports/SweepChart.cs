using System.Globalization;
using System.Text;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Reports;

/// <summary>
/// A sweep as an SVG line chart: requests per second against the sweep's axis, one line per design through the
/// median rounds, with the range of the rounds drawn as an error bar at every point, so that a reader sees the noise
/// a crossing of two lines has to beat. Plain SVG, as <see cref="SvgChart"/>.
/// </summary>
internal static class SweepChart
{
    private const int Width = 960;
    private const int Height = 520;
    private const int Left = 80;
    private const int Right = 720;
    private const int Top = 80;
    private const int Bottom = 460;

    /// <summary>Eight colours that stay apart for the common kinds of colour blindness (Okabe and Ito, and grey).</summary>
    private static readonly string[] s_colours = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#555555"];

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static string Render(SweepReport sweep)
    {
        var svg = new StringBuilder();
        SvgWriting.Open(svg, Width, Height);
        SvgWriting.Text(svg, 12, 22, $"Requests per second against {sweep.Axis.Label()}, new connection per request", "font-size=\"16\" font-weight=\"bold\"");
        SvgWriting.Text(svg, 12, 42, Subtitle(sweep), "fill=\"#555555\"");
        SvgWriting.Text(svg, 12, 60, Rounds(sweep), "fill=\"#555555\"");

        var top = MarkdownReport.AxisMaximum(sweep.Points.SelectMany(p => p.Report.Results)
            .Where(r => r.Status == DesignStatus.Measured)
            .Select(r => r.RoundThroughputs.Count > 0 ? r.RoundThroughputs.Max() : r.Load!.RequestsPerSecond)
            .DefaultIfEmpty(1)
            .Max());
        Axes(svg, sweep, top);

        var families = sweep.Families;
        for (var line = 0; line < families.Count; line++)
        {
            var colour = s_colours[line % s_colours.Length];
            var points = new List<string>();
            for (var i = 0; i < sweep.Points.Count; i++)
            {
                if (sweep.At(families[line], sweep.Points[i]) is not { } result)
                {
                    continue;
                }

                var x = X(i, sweep.Points.Count);
                points.Add(string.Create(s_invariant, $"{x:F1},{Y(result.Load!.RequestsPerSecond, top):F1}"));
                if (result.RoundThroughputs.Count > 1)
                {
                    svg.AppendLine(string.Create(s_invariant, $"""<line class="range" x1="{x:F1}" x2="{x:F1}" y1="{Y(result.RoundThroughputs.Min(), top):F1}" y2="{Y(result.RoundThroughputs.Max(), top):F1}" stroke="{colour}" stroke-width="2"/>"""));
                }

                svg.AppendLine(string.Create(s_invariant, $"""<circle cx="{x:F1}" cy="{Y(result.Load!.RequestsPerSecond, top):F1}" r="3.5" fill="{colour}"/>"""));
            }

            svg.AppendLine(string.Create(s_invariant, $"""<polyline points="{string.Join(' ', points)}" fill="none" stroke="{colour}" stroke-width="2"/>"""));
            var legendY = Top + 10 + (line * 22);
            svg.AppendLine(string.Create(s_invariant, $"""<rect x="{Right + 20}" y="{legendY - 9}" width="14" height="4" fill="{colour}"/>"""));
            SvgWriting.Text(svg, Right + 40, legendY, families[line], "");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Axes(StringBuilder svg, SweepReport sweep, double top)
    {
        for (var tick = 0; tick <= 5; tick++)
        {
            var value = top * tick / 5;
            var y = Y(value, top);
            svg.AppendLine(string.Create(s_invariant, $"""<line x1="{Left}" x2="{Right}" y1="{y:F1}" y2="{y:F1}" stroke="#dddddd"/>"""));
            SvgWriting.Text(svg, Left - 8, (int)y + 4, value.ToString("N0", s_invariant), "text-anchor=\"end\"");
        }

        for (var i = 0; i < sweep.Points.Count; i++)
        {
            var x = X(i, sweep.Points.Count);
            SvgWriting.Text(svg, (int)x, Bottom + 20, sweep.Points[i].Value.ToString(s_invariant), "text-anchor=\"middle\"");
        }

        SvgWriting.Text(svg, (Left + Right) / 2, Bottom + 44, sweep.Axis.Label(), "text-anchor=\"middle\"");
        SvgWriting.Text(svg, 16, (Top + Bottom) / 2, "requests/s", string.Create(s_invariant, $"""transform="rotate(-90 16 {(Top + Bottom) / 2})" text-anchor="middle" """).TrimEnd());
    }

    private static string Subtitle(SweepReport sweep)
    {
        var machine = sweep.Machine;
        return string.Create(
            s_invariant,
            $"{machine.Cpu}, {machine.Cores} cores; load average {machine.LoadAverage} at the start, {machine.LoadAverageAtEnd} at the end; {machine.Date:yyyy-MM-dd HH:mm} UTC; commit {machine.Revision}");
    }

    private static string Rounds(SweepReport sweep)
    {
        var settings = sweep.Points[0].Report.Settings;
        return string.Create(
            s_invariant,
            $"{settings.Rounds} interleaved rounds of {settings.Duration.TotalSeconds:0.##} s per point; each point is the median round, its bar spans the slowest and the fastest.");
    }

    /// <summary>The axis's values are evenly spaced, as they are roughly geometric (1, 10, 100 or 1, 4, 16).</summary>
    private static double X(int index, int count) => count == 1 ? (Left + Right) / 2.0 : Left + 30 + ((Right - Left - 60) * index / (double)(count - 1));

    private static double Y(double value, double top) => Bottom - ((Bottom - Top) * Math.Clamp(value / top, 0, 1));
}
