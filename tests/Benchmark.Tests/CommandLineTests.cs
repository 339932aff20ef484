namespace PooledMixIn.Benchmark.Tests;

public class CommandLineTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("3", 3_000)]
    public void Durations_take_a_unit_or_default_to_seconds(string text, int milliseconds)
    {
        CommandLine.ParseDuration(text).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("ten seconds")]
    [InlineData("-1s")]
    [InlineData("")]
    public void A_malformed_duration_is_rejected(string text)
    {
        CommandLine.ParseDuration(text).Should().BeNull();
    }

    [Fact]
    public void Options_and_flags_are_read_and_unknown_ones_refused()
    {
        var commandLine = CommandLine.Parse(["suite", "--clients", "12", "--quick"], ["clients"], ["quick"]);

        commandLine.Command.Should().Be("suite");
        commandLine.GetInt("clients", 100, 1, 1000).Should().Be(12);
        commandLine.Has("quick").Should().BeTrue();
        FluentActions.Invoking(() => CommandLine.Parse(["suite", "--clown", "12"], ["clients"], ["quick"]))
            .Should().Throw<ArgumentException>().WithMessage("*--clown*");
        FluentActions.Invoking(() => CommandLine.Parse(["suite", "--clients"], ["clients"], ["quick"]))
            .Should().Throw<ArgumentException>().WithMessage("*needs a value*");
    }
}
