namespace PooledMixIn.Docs.Tests;

/// <summary>The scanner that keeps measured figures out of hand-typed prose.</summary>
public sealed class TypedFigureTests
{
    [Theory]
    [InlineData("the pool served 12,797 requests per second")]
    [InlineData("| pooled-handoff-2x64 | 12,797 req/s |")]
    [InlineData("4.1 times as many requests")]
    [InlineData("a ratio of 0.82× Kestrel")]
    [InlineData("about 5 µs per round trip")]
    [InlineData("the workers were 293 MB resident")]
    public void A_measured_figure_in_prose_or_a_table_is_found(string line) =>
        TypedFigureScanner.Scan("intro\n" + line + "\n").Should().ContainSingle().Which.Should().StartWith("2: ");

    [Theory]
    [InlineData("each row is padded to 64 bytes")]
    [InlineData("a head deadline of 20 s, idle keep-alive 5 s")]
    [InlineData("HandoffTimeout is 500 ms")]
    [InlineData("a pool of 2 × 64 threads, or 2 ×64")]
    [InlineData("The seed's README claims about 1,530 requests per second against 800")]
    public void Settings_layouts_and_the_seeds_own_claims_are_not_figures(string line) =>
        TypedFigureScanner.Scan(line).Should().BeEmpty();

    [Fact]
    public void Program_output_in_a_fenced_block_is_what_was_run_and_is_not_checked() =>
        TypedFigureScanner.Scan("```text\n12,000 req/s\n```\n").Should().BeEmpty();
}
