using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests;

/// <summary>The demo contract's slow handler: <c>GET /sleep/&lt;ms&gt;</c> blocks its thread that long, bounded.</summary>
public sealed class DemoSleepPathTests
{
    [Theory]
    [InlineData("/sleep/0", 0)]
    [InlineData("/sleep/10", 10)]
    [InlineData("/sleep/250?x=1", 250)]
    [InlineData("/sleep/99999999", DemoRequestHandler.MaxSleepMilliseconds)]
    public void A_sleep_path_names_its_milliseconds(string path, int expected) =>
        DemoRequestHandler.SleepMilliseconds(path).Should().Be(expected);

    [Theory]
    [InlineData("/")]
    [InlineData("/sleep")]
    [InlineData("/sleep/")]
    [InlineData("/sleep/-5")]
    [InlineData("/sleep/1e3")]
    [InlineData("/sleep/ 5")]
    [InlineData("/sleepy/5")]
    [InlineData("/sleep/99999999999999999999")]
    public void Any_other_path_does_not_sleep(string path) =>
        DemoRequestHandler.SleepMilliseconds(path).Should().BeNull();
}
