namespace PooledMixIn.Preforking.Tests;

public sealed class RestartBackoffTests
{
    [Fact]
    public void A_worker_that_keeps_dying_young_waits_longer_each_time_up_to_ten_seconds()
    {
        var backoff = new RestartBackoff();

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.NextDelay(TimeSpan.FromMilliseconds(50))).ToList();

        delays.Should().BeInAscendingOrder();
        delays[0].Should().Be(TimeSpan.FromMilliseconds(100));
        delays[1].Should().Be(TimeSpan.FromMilliseconds(200));
        delays[^1].Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_worker_that_lived_long_is_restarted_at_once_and_forgives_earlier_deaths()
    {
        var backoff = new RestartBackoff();
        backoff.NextDelay(TimeSpan.Zero);
        backoff.NextDelay(TimeSpan.Zero);

        backoff.NextDelay(RestartBackoff.HealthyUptime).Should().Be(TimeSpan.Zero);
        backoff.NextDelay(TimeSpan.Zero).Should().Be(TimeSpan.FromMilliseconds(100));
    }
}
