using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.Benchmark.Load;

namespace PooledMixIn.Benchmark.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_of_one_to_a_hundred_are_the_nearest_ranks()
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 100; micros++)
        {
            histogram.Record(micros);
        }

        histogram.ValueAtPercentile(50).Should().Be(50);
        histogram.ValueAtPercentile(90).Should().Be(90);
        histogram.ValueAtPercentile(99).Should().Be(99);
        histogram.ValueAtPercentile(100).Should().Be(100);
        histogram.Max.Should().Be(100);
        histogram.Mean.Should().Be(50.5);
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        new LatencyHistogram().ValueAtPercentile(99).Should().Be(0);
    }

    [Fact]
    public void A_single_slow_request_is_the_maximum_but_not_the_median()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 99; i++)
        {
            histogram.Record(1_000);
        }

        histogram.Record(2_000_000);

        histogram.ValueAtPercentile(50).Should().BeInRange(1_000, 1_016);
        histogram.ValueAtPercentile(99).Should().BeInRange(1_000, 1_016);
        histogram.ValueAtPercentile(100).Should().Be(2_000_000);
        histogram.Max.Should().Be(2_000_000);
    }

    [Fact]
    public void Adding_histograms_is_the_same_as_recording_into_one()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var both = new LatencyHistogram();
        foreach (var value in new long[] { 5, 300, 7_000, 90_000 })
        {
            a.Record(value);
            both.Record(value);
        }

        foreach (var value in new long[] { 12, 450, 8_000 })
        {
            b.Record(value);
            both.Record(value);
        }

        a.Add(b);

        a.Count.Should().Be(7);
        foreach (var percent in new[] { 10.0, 50, 90, 99, 100 })
        {
            a.ValueAtPercentile(percent).Should().Be(both.ValueAtPercentile(percent));
        }
    }

    [Property]
    public Property A_bucket_never_understates_a_value_and_overstates_it_by_under_two_percent(PositiveInt seed, byte shift)
    {
        var value = (long)seed.Get << (shift % 24);
        var top = LatencyHistogram.HighestEquivalentValue(LatencyHistogram.IndexOf(value));
        return (top >= value && top <= value + (value / 64) + 1).Label($"value {value}, bucket top {top}");
    }

    [Property]
    public Property Bucket_indexes_grow_with_the_value(NonNegativeInt a, NonNegativeInt b)
    {
        var (low, high) = a.Get <= b.Get ? (a.Get, b.Get) : (b.Get, a.Get);
        return (LatencyHistogram.IndexOf(low) <= LatencyHistogram.IndexOf(high)).ToProperty();
    }
}
