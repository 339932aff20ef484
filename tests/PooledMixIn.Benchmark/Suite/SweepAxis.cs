using System.Globalization;
using System.Text.RegularExpressions;
using PooledMixIn.Benchmark.Servers;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>
/// What a sweep varies, one point at a time, with everything else fixed: the number of concurrent clients, or the
/// number of threads in each process of the designs that have a pool of them.
/// </summary>
internal enum SweepAxis
{
    /// <summary>1, 10, 100, 1000 concurrent clients, each a closed loop.</summary>
    Clients,

    /// <summary>Threads per process (the designs' <c>--threads</c>), at 100 clients.</summary>
    Threads,
}

/// <summary>A sweep's defaults and how one point of it changes the settings and the designs.</summary>
internal static partial class SweepAxes
{
    public static SweepAxis Parse(string text) => text switch
    {
        "clients" => SweepAxis.Clients,
        "threads" => SweepAxis.Threads,
        _ => throw new ArgumentException($"--over must be clients or threads, not '{text}'."),
    };

    public static string Name(this SweepAxis axis) => axis == SweepAxis.Clients ? "clients" : "threads";

    /// <summary>How the charts and tables label the axis.</summary>
    public static string Label(this SweepAxis axis) => axis == SweepAxis.Clients ? "concurrent clients" : "threads per process";

    public static IReadOnlyList<int> DefaultValues(this SweepAxis axis) =>
        axis == SweepAxis.Clients ? [1, 10, 100, 1000] : [1, 4, 16, 64, 256];

    /// <summary>
    /// The designs a sweep runs unless <c>--only</c> names others: one per concurrency model for clients, and every
    /// design with a pool of threads per process (at its 2-process shape) for threads.
    /// </summary>
    public static IReadOnlyList<string> DefaultDesigns(this SweepAxis axis) => axis == SweepAxis.Clients
        ? ["serial", "threading", "prethreaded-128", "preforked-4", "pooled-handoff-2x64", "pooled-shared-accept-2x64", "pooled-event-2x64", "kestrel"]
        : ["preforked-2x64", "pooled-handoff-2x64", "pooled-shared-accept-2x64", "pooled-accept-lock-2x64"];

    /// <summary>The settings of one point: its number of clients, or the suite's own.</summary>
    public static SuiteSettings Settings(this SweepAxis axis, SuiteSettings settings, int value) =>
        axis == SweepAxis.Clients ? settings with { Clients = value } : settings;

    /// <summary>
    /// The design at one point: for threads, the same design with <c>--threads</c> set to the value and its name
    /// following (<c>pooled-handoff-2x64</c> at 16 is <c>pooled-handoff-2x16</c>); for clients, the design itself.
    /// </summary>
    public static ServerDesign Design(this SweepAxis axis, ServerDesign design, int value)
    {
        if (axis == SweepAxis.Clients)
        {
            return design;
        }

        if (!ThreadsOption().IsMatch(design.Options))
        {
            throw new ArgumentException($"{design.Name} has no --threads option to sweep.");
        }

        var threads = value.ToString(CultureInfo.InvariantCulture);
        return design with
        {
            Name = ShapeSuffix().Replace(design.Name, "x" + threads),
            Options = ThreadsOption().Replace(design.Options, "--threads " + threads),
        };
    }

    /// <summary>The design's name with its thread count taken out: the line a chart draws through every point.</summary>
    public static string Family(this SweepAxis axis, ServerDesign design) =>
        axis == SweepAxis.Clients ? design.Name : ShapeSuffix().Replace(design.Name, "xT");

    [GeneratedRegex(@"--threads \d+", RegexOptions.CultureInvariant)]
    private static partial Regex ThreadsOption();

    [GeneratedRegex(@"x\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex ShapeSuffix();
}
