using System.Text;
using PooledMixIn.Benchmark.Load;

namespace PooledMixIn.Benchmark.Tests;

public class WorkerTallyTests
{
    [Fact]
    public void Answers_are_counted_per_process_and_per_thread_within_its_process()
    {
        var tally = new WorkerTally();
        Count(tally, 10, "1", "1", "2");
        Count(tally, 11, "1");

        tally.ByProcess.Should().BeEquivalentTo(new Dictionary<int, long> { [10] = 3, [11] = 1 });
        tally.ByThread.Should().BeEquivalentTo([(10, "1", 2L), (10, "2", 1L), (11, "1", 1L)]);
    }

    [Fact]
    public void Merged_tallies_add_up()
    {
        var a = new WorkerTally();
        var b = new WorkerTally();
        Count(a, 10, "x", "y");
        Count(b, 10, "x");
        Count(b, 12, "z");

        a.Add(b);

        a.ByProcess.Should().BeEquivalentTo(new Dictionary<int, long> { [10] = 3, [12] = 1 });
        a.ByThread.Should().BeEquivalentTo([(10, "x", 2L), (10, "y", 1L), (12, "z", 1L)]);
    }

    private static void Count(WorkerTally tally, int processId, params string[] threads)
    {
        foreach (var thread in threads)
        {
            tally.Count(processId, Encoding.UTF8.GetBytes(thread));
        }
    }
}
