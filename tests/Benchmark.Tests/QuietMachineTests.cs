using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

public class QuietMachineTests
{
    [Fact]
    public async Task The_wait_ends_at_the_first_reading_below_the_threshold()
    {
        var loads = new Queue<double>([3.2, 2.1, 1.6, 1.4, 0.9]);
        var delays = new List<TimeSpan>();
        var quiet = new QuietMachine(1.5, TimeSpan.FromMinutes(10), loads.Dequeue, RecordDelay(delays));

        var reached = await quiet.WaitAsync(TextWriter.Null, CancellationToken.None);

        reached.Should().BeTrue();
        delays.Should().HaveCount(3).And.OnlyContain(d => d == QuietMachine.PollInterval);
        loads.Should().Equal(0.9);
    }

    [Fact]
    public async Task A_quiet_machine_is_not_waited_for()
    {
        var delays = new List<TimeSpan>();
        var quiet = new QuietMachine(1.5, TimeSpan.FromMinutes(10), () => 0.4, RecordDelay(delays));

        (await quiet.WaitAsync(TextWriter.Null, CancellationToken.None)).Should().BeTrue();
        delays.Should().BeEmpty();
    }

    [Fact]
    public async Task A_machine_that_stays_busy_is_measured_after_the_bound_and_the_log_says_so()
    {
        var delays = new List<TimeSpan>();
        var log = new StringWriter();
        var quiet = new QuietMachine(1.5, TimeSpan.FromSeconds(30), () => 2.0, RecordDelay(delays));

        (await quiet.WaitAsync(log, CancellationToken.None)).Should().BeFalse();
        delays.Should().HaveCount(6);
        log.ToString().Should().Contain("not quiet").And.Contain("2.00");
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("2", 2.0)]
    public void The_threshold_is_a_number_above_zero(string text, double value)
    {
        CommandLine.Parse(["suite", "--quiet-below", text], ["quiet-below"], []).GetPositiveNumber("quiet-below").Should().Be(value);
        CommandLine.Parse(["suite"], ["quiet-below"], []).GetPositiveNumber("quiet-below").Should().BeNull();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("quiet")]
    public void A_threshold_that_is_not_above_zero_is_refused(string text)
    {
        FluentActions.Invoking(() => CommandLine.Parse(["suite", "--quiet-below", text], ["quiet-below"], []).GetPositiveNumber("quiet-below"))
            .Should().Throw<ArgumentException>().WithMessage("*--quiet-below*");
    }

    private static Func<TimeSpan, CancellationToken, Task> RecordDelay(List<TimeSpan> delays) => (delay, _) =>
    {
        delays.Add(delay);
        return Task.CompletedTask;
    };
}
