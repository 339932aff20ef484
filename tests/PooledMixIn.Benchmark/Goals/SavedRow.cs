using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Goals;

/// <summary>One measured design of one pass, as a run's <c>results.json</c> records it: what a goal is judged on.</summary>
/// <param name="Design">The design's name in the catalogue.</param>
/// <param name="Pass">The pass it was measured in.</param>
/// <param name="RequestsPerSecond">The project's client, the median round.</param>
/// <param name="WrkRequestsPerSecond">wrk right after, when it ran.</param>
/// <param name="Rounds">Every round's throughput with the project's client.</param>
/// <param name="PeakRssBytes">Peak resident memory over all the design's processes.</param>
/// <param name="PssBytes">Proportional memory at the end of the load.</param>
/// <param name="StartupMilliseconds">From process start to the first good answer.</param>
internal sealed record SavedRow(
    string Design,
    SuitePass Pass,
    double RequestsPerSecond,
    double? WrkRequestsPerSecond,
    IReadOnlyList<double> Rounds,
    long PeakRssBytes,
    long PssBytes,
    double StartupMilliseconds)
{
    /// <summary>Whether some round of each could order the two the other way.</summary>
    public bool RoundsOverlap(SavedRow other) => Reports.ChapterNumbersReport.RoundsOverlap(Rounds, other.Rounds);
}
