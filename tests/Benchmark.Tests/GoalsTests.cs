using PooledMixIn.Benchmark.Goals;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Benchmark.Reports;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

/// <summary>The performance goals, judged from a run's results.json as the results chapter shows them.</summary>
public class GoalsTests
{
    private static DesignResult Row(string design, SuitePass pass, double requestsPerSecond, double? wrk = null, long rssMegabytes = 64, double startupMilliseconds = 120)
    {
        var row = SampleReports.Measured(design, pass, requests: (long)(requestsPerSecond * 10), errors: 0) with
        {
            RoundThroughputs = [requestsPerSecond * 0.98, requestsPerSecond, requestsPerSecond * 1.02],
            PeakResidentBytes = rssMegabytes << 20,
            ProportionalBytes = (rssMegabytes / 2) << 20,
            StartupTime = TimeSpan.FromMilliseconds(startupMilliseconds),
        };
        return wrk is { } w ? row with { Wrk = new WrkResult(w, (long)(w * 10), 0, 0, 0, 0, 0) } : row;
    }

    /// <summary>A run through the same JSON the suite writes, read back as <c>goals --from</c> reads it.</summary>
    private static SavedRun Run(params DesignResult[] rows)
    {
        var sample = SampleReports.Create();
        return SavedRun.Parse(JsonReport.Render(sample with { Results = rows }));
    }

    private static GoalVerdict Judge(string statementStart, SavedRun run) =>
        PerformanceGoals.All.First(g => g.Statement.StartsWith(statementStart, StringComparison.Ordinal)).Judge(run);

    [Fact]
    public void A_ratio_goal_is_met_only_when_both_clients_reach_it()
    {
        var both = Run(Row("pooled-handoff-2x64", SuitePass.NewConnection, 12_000, wrk: 11_000), Row("kestrel", SuitePass.NewConnection, 10_000, wrk: 10_000));
        var wrkShort = Run(Row("pooled-handoff-2x64", SuitePass.NewConnection, 12_000, wrk: 9_000), Row("kestrel", SuitePass.NewConnection, 10_000, wrk: 10_000));

        Judge("The seed's hand-off", both).Should().Be(new GoalVerdict(true, "1.20× with the project's client, 1.10× with wrk"));
        Judge("The seed's hand-off", wrkShort).Should().Be(new GoalVerdict(false, "1.20× with the project's client, 0.90× with wrk"));
    }

    [Fact]
    public void Overlapping_rounds_are_said_beside_the_verdict()
    {
        var run = Run(Row("pooled-handoff-2x64", SuitePass.NewConnection, 10_100), Row("kestrel", SuitePass.NewConnection, 10_000));

        Judge("The seed's hand-off", run).Measured.Should().Be("1.01× with the project's client (no wrk figure); the rounds overlap");
    }

    [Fact]
    public void The_fastest_strategy_is_found_among_the_2x64_strategies_and_named()
    {
        var run = Run(
            Row("pooled-handoff-2x64", SuitePass.NewConnection, 9_000),
            Row("pooled-reuseport-2x64", SuitePass.NewConnection, 13_000, wrk: 12_500),
            Row("pooled-shared-accept-2x8", SuitePass.NewConnection, 20_000), // not 2 × 64: not a candidate
            Row("kestrel", SuitePass.NewConnection, 10_000, wrk: 10_000));

        PerformanceGoals.Fastest(run).Should().Be("pooled-reuseport-2x64");
        Judge("The pool's fastest strategy", run).Should().Be(new GoalVerdict(true, "pooled-reuseport-2x64: 1.30× with the project's client, 1.25× with wrk"));
    }

    [Fact]
    public void Memory_and_startup_goals_compare_with_kestrel_and_the_limit()
    {
        var run = Run(
            Row("pooled-handoff-2x64", SuitePass.NewConnection, 10_000, rssMegabytes: 180, startupMilliseconds: 170),
            Row("pooled-handoff-2x64-aot", SuitePass.NewConnection, 10_000, rssMegabytes: 40, startupMilliseconds: 30),
            Row("kestrel", SuitePass.NewConnection, 10_000, rssMegabytes: 80, startupMilliseconds: 150));

        Judge("The pool's memory", run).Should().Be(new GoalVerdict(false, "RSS 180 against 80 MB, PSS 90 against 40 MB"));
        PerformanceGoals.All.Where(g => g.Statement.StartsWith("The same, NativeAOT", StringComparison.Ordinal)).Select(g => g.Judge(run))
            .Should().Equal(new GoalVerdict(true, "RSS 40 against 80 MB, PSS 20 against 40 MB"), new GoalVerdict(true, "30 ms (Kestrel 150 ms)"));
        Judge("Start to first answer", run).Should().Be(new GoalVerdict(false, "170 ms (Kestrel 150 ms)"));
    }

    [Fact]
    public void A_slow_handler_goal_needs_the_pool_strictly_ahead_and_a_missing_design_is_not_judged()
    {
        var run = Run(
            Row("pooled-handoff-2x64", SuitePass.SlowHandler, 9_000, wrk: 9_000),
            Row("kestrel", SuitePass.SlowHandler, 9_000, wrk: 300));

        Judge("A slow handler (10 ms)", run).Met.Should().BeFalse("a tie with the project's client is not ahead");
        Judge("A slow handler: the hand-off ahead of Kestrel tuned", run).Met.Should().BeNull("kestrel-min-threads-128 was not measured");
    }

    [Fact]
    public void Ahead_needs_rounds_that_do_not_overlap_where_at_least_takes_a_tie()
    {
        var tie = Run(
            Row("pooled-handoff-2x64", SuitePass.SlowHandler, 10_300, wrk: 10_300),
            Row("kestrel-min-threads-128", SuitePass.SlowHandler, 10_000, wrk: 10_000));
        var ahead = Run(
            Row("pooled-handoff-2x64", SuitePass.SlowHandler, 12_000, wrk: 12_000),
            Row("kestrel-min-threads-128", SuitePass.SlowHandler, 10_000, wrk: 10_000));
        var atLeast = Run(Row("pooled-handoff-2x64", SuitePass.NewConnection, 10_300, wrk: 10_300), Row("kestrel", SuitePass.NewConnection, 10_000, wrk: 10_000));

        Judge("A slow handler: the hand-off ahead of Kestrel tuned", tie).Should().Be(
            new GoalVerdict(false, "1.03× with the project's client, 1.03× with wrk; the rounds overlap"));
        Judge("A slow handler: the hand-off ahead of Kestrel tuned", ahead).Met.Should().BeTrue();
        Judge("The seed's hand-off", atLeast).Met.Should().BeTrue("at least 1.0× is reached by a tie");
    }

    [Fact]
    public void The_report_states_its_run_and_counts_the_goals_met()
    {
        var run = Run(Row("pooled-handoff-2x64", SuitePass.KeepAlive, 30_000, wrk: 40_000), Row("kestrel", SuitePass.KeepAlive, 20_000, wrk: 30_000));

        var markdown = GoalsReport.Render(run);

        markdown.Should().Contain("load average 0.10 0.20 0.30 at the start and 1.50 0.80 0.40 at the end; commit 0123456789ab.");
        markdown.Should().Contain("| The hand-off at least 1.0× Kestrel with keep-alive | 1.50× with the project's client, 1.33× with wrk | **met** |");
        markdown.Should().Contain("1 of 10 goals met.");
    }
}
