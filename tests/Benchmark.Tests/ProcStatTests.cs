using PooledMixIn.Benchmark.Servers;

namespace PooledMixIn.Benchmark.Tests;

public class ProcStatTests
{
    [Fact]
    public void Fields_are_read_after_the_command_name_even_when_it_holds_spaces_and_parentheses()
    {
        const string Line = "4242 (dotnet (x) y) S 41 4242 4474 0 -1 4194304 101 0 0 0 250 37 12 5 20 0 64 0 79733 3133440 394 18446744073709551615 0 0";

        ProcStat.TryParse(Line, out var stat).Should().BeTrue();

        stat.ProcessId.Should().Be(4242);
        stat.State.Should().Be('S');
        stat.HasEnded.Should().BeFalse();
        stat.ParentProcessId.Should().Be(41);
        stat.UserTicks.Should().Be(250);
        stat.SystemTicks.Should().Be(37);
        stat.ReapedChildrenUserTicks.Should().Be(12);
        stat.ReapedChildrenSystemTicks.Should().Be(5);
        stat.TotalTicks.Should().Be(304);
        stat.StartTime.Should().Be(79733);
        stat.ResidentPages.Should().Be(394);
    }

    [Fact]
    public void This_process_can_read_its_own_stat()
    {
        ProcStat.TryParse(File.ReadAllText("/proc/self/stat"), out var stat).Should().BeTrue();
        stat.ProcessId.Should().Be(Environment.ProcessId);
        stat.ResidentPages.Should().BePositive();
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("12 (short) S 1 2 3")]
    public void A_line_that_is_not_a_stat_line_is_rejected(string line)
    {
        ProcStat.TryParse(line, out _).Should().BeFalse();
    }

    [Fact]
    public void The_tree_holds_the_root_and_all_its_descendants_but_not_its_siblings()
    {
        ProcStat[] all = [Stat(1, 0), Stat(10, 1), Stat(11, 10), Stat(12, 10), Stat(13, 11), Stat(20, 1), Stat(21, 20)];

        var tree = ProcessTree.Descendants(all, rootProcessId: 10);

        tree.Select(s => s.ProcessId).Should().BeEquivalentTo([10, 11, 12, 13]);
    }

    [Fact]
    public void The_cpu_of_a_tree_counts_reaped_children_once()
    {
        var ticks = Interop.Libc.SysConf(Interop.Libc.SC_CLK_TCK);
        ProcStat[] tree = [Stat(10, 1) with { UserTicks = ticks, ReapedChildrenSystemTicks = ticks }, Stat(11, 10) with { SystemTicks = ticks }];

        ProcessTree.CpuTime(tree).Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_zombie_has_ended()
    {
        ProcStat.TryParse("4243 (dotnet) Z 41 4242 4474 0 -1 4194304 101 0 0 0 250 37 12 5 20 0 1 0 79733 0 0", out var stat).Should().BeTrue();

        stat.HasEnded.Should().BeTrue();
    }

    private static ProcStat Stat(int processId, int parentProcessId) => new(processId, 'S', parentProcessId, 0, 0, 0, 0, 0, 0);
}
