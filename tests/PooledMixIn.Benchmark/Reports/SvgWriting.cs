using System.Globalization;
using System.Security;
using System.Text;

namespace PooledMixIn.Benchmark.Reports;

/// <summary>What every chart of the benchmark writes the same way: the document's opening on a white page, and text.</summary>
internal static class SvgWriting
{
    /// <summary>Opens an SVG document of the given size, sans-serif 12 px, on a white background.</summary>
    public static void Open(StringBuilder svg, int width, int height)
    {
        svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"""));
        svg.AppendLine("""<rect width="100%" height="100%" fill="#ffffff"/>""");
    }

    /// <summary>One text element at (<paramref name="x"/>, <paramref name="y"/>), its content escaped.</summary>
    public static void Text(StringBuilder svg, int x, int y, string text, string attributes) =>
        svg.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""<text x="{x}" y="{y}"{(attributes.Length > 0 ? " " + attributes : "")}>{SecurityElement.Escape(text)}</text>"""));
}
