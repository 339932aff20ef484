using System.Globalization;
using System.Text;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Goals;

/// <summary>
/// The goals of issue 15, each judged from a run: the seed's hand-off against Kestrel and against a thread per
/// connection, the pool's fastest strategy, keep-alive, memory, start-up, and the slow handler where pools earn
/// their keep. A ratio goal is met only when both clients, the project's and wrk, reach it.
/// </summary>
internal static class PerformanceGoals
{
    private const string Pool = "pooled-handoff-2x64";
    private const string PoolAot = "pooled-handoff-2x64-aot";
    private const string Kestrel = "kestrel";
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>The pool's strategies at the seed's shape, 2 × 64, one JIT build each: "the fastest strategy" is among them.</summary>
    public static IReadOnlyList<string> Strategies { get; } =
    [
        Pool, "pooled-accept-lock-2x64", "pooled-epoll-exclusive-2x64", "pooled-reuseport-2x64",
        "pooled-shared-accept-2x64", "pooled-event-2x64", "pooled-event-shared-accept-2x64",
    ];

    #region performance-goals
    public static IReadOnlyList<PerformanceGoal> All { get; } =
    [
        new("The seed's hand-off, 2 × 64, at least 1.0× Kestrel, new connection per request",
            run => Ratio(run, Pool, Kestrel, SuitePass.NewConnection, 1.0)),
        new("The pool's fastest strategy, 2 × 64, at least 1.2× Kestrel, new connection per request",
            run => Fastest(run) is { } fastest
                ? Ratio(run, fastest, Kestrel, SuitePass.NewConnection, 1.2, $"{fastest}: ")
                : GoalVerdict.NotMeasured("no strategy at 2 × 64")),
        new("The hand-off at least 1.0× Kestrel with keep-alive",
            run => Ratio(run, Pool, Kestrel, SuitePass.KeepAlive, 1.0)),
        new("The hand-off at least 2× a thread per connection (the seed's claim)",
            run => Ratio(run, Pool, "threading", SuitePass.NewConnection, 2.0)),
        new("The pool's memory under load, RSS and PSS of all its processes, at most Kestrel's (JIT build)",
            run => Memory(run, Pool)),
        new("The same, NativeAOT build",
            run => Memory(run, PoolAot)),
        new("Start to first answer at most 50 ms (JIT build)",
            run => Startup(run, Pool, 50)),
        new("The same, NativeAOT build",
            run => Startup(run, PoolAot, 50)),
        new("A slow handler (10 ms): the hand-off ahead of Kestrel with its defaults",
            run => Ratio(run, Pool, Kestrel, SuitePass.SlowHandler, 1.0, strictlyAbove: true)),
        new("A slow handler: the hand-off ahead of Kestrel tuned to 128 threads",
            run => Ratio(run, Pool, "kestrel-min-threads-128", SuitePass.SlowHandler, 1.0, strictlyAbove: true)),
    ];
    #endregion

    /// <summary>The strategy at 2 × 64 with the highest throughput with the project's client, new connection per request.</summary>
    public static string? Fastest(SavedRun run) => Strategies
        .Select(name => run.Find(name, SuitePass.NewConnection))
        .OfType<SavedRow>()
        .MaxBy(row => row.RequestsPerSecond)?.Design;

    private static GoalVerdict Ratio(SavedRun run, string design, string baseline, SuitePass pass, double goal, string prefix = "", bool strictlyAbove = false)
    {
        if (run.Find(design, pass) is not { } row || run.Find(baseline, pass) is not { RequestsPerSecond: > 0 } reference)
        {
            return GoalVerdict.NotMeasured($"{design} and {baseline} in the {pass.Describe(10)} pass");
        }

        bool Reaches(double ratio) => strictlyAbove ? ratio > goal : ratio >= goal;
        var ratio = row.RequestsPerSecond / reference.RequestsPerSecond;
        var text = new StringBuilder(prefix).Append(string.Create(s_invariant, $"{ratio:F2}× with the project's client"));
        var met = Reaches(ratio);
        if (row.WrkRequestsPerSecond is { } wrk && reference.WrkRequestsPerSecond is > 0 and var referenceWrk)
        {
            var wrkRatio = wrk / referenceWrk;
            text.Append(string.Create(s_invariant, $", {wrkRatio:F2}× with wrk"));
            met &= Reaches(wrkRatio);
        }
        else
        {
            text.Append(" (no wrk figure)");
        }

        if (row.RoundsOverlap(reference))
        {
            // "Ahead" is an order, and overlapping rounds show none: a tie, whatever the medians say.
            text.Append("; the rounds overlap");
            met &= !strictlyAbove;
        }

        return new GoalVerdict(met, text.ToString());
    }

    private static GoalVerdict Memory(SavedRun run, string design)
    {
        if (run.Find(design, SuitePass.NewConnection) is not { } row || run.Find(Kestrel, SuitePass.NewConnection) is not { } kestrel)
        {
            return GoalVerdict.NotMeasured($"{design} and {Kestrel}, new connection per request");
        }

        var met = row.PeakRssBytes <= kestrel.PeakRssBytes && row.PssBytes <= kestrel.PssBytes;
        return new GoalVerdict(met, string.Create(s_invariant,
            $"RSS {Reports.ResultColumns.Megabytes(row.PeakRssBytes)} against {Reports.ResultColumns.Megabytes(kestrel.PeakRssBytes)} MB, PSS {Reports.ResultColumns.Megabytes(row.PssBytes)} against {Reports.ResultColumns.Megabytes(kestrel.PssBytes)} MB"));
    }

    private static GoalVerdict Startup(SavedRun run, string design, double goalMilliseconds)
    {
        if (run.Find(design, SuitePass.NewConnection) is not { StartupMilliseconds: > 0 } row)
        {
            return GoalVerdict.NotMeasured($"{design}, new connection per request");
        }

        var kestrel = run.Find(Kestrel, SuitePass.NewConnection);
        return new GoalVerdict(row.StartupMilliseconds <= goalMilliseconds, string.Create(s_invariant,
            $"{row.StartupMilliseconds:F0} ms{(kestrel is { StartupMilliseconds: > 0 } k ? $" (Kestrel {k.StartupMilliseconds:F0} ms)" : "")}"));
    }

}
