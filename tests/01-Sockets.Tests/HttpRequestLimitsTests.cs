using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests;

public sealed class HttpRequestLimitsTests
{
    public static TheoryData<string, Func<HttpRequestLimits>> InvalidLimits => new()
    {
        { nameof(HttpRequestLimits.MaxRequestLineLength), () => new() { MaxRequestLineLength = 15 } },
        { nameof(HttpRequestLimits.MaxHeaderBytes), () => new() { MaxHeaderBytes = -1 } },
        { nameof(HttpRequestLimits.MaxHeaderCount), () => new() { MaxHeaderCount = -1 } },
        { nameof(HttpRequestLimits.MaxBodyLength), () => new() { MaxBodyLength = -1 } },
        { nameof(HttpRequestLimits.MaxBodyLength), () => new() { MaxBodyLength = long.MaxValue } },
        { nameof(HttpRequestLimits.RequestHeadTimeout), () => new() { RequestHeadTimeout = TimeSpan.Zero } },
        { nameof(HttpRequestLimits.KeepAliveTimeout), () => new() { KeepAliveTimeout = TimeSpan.FromSeconds(-1) } },
        { nameof(HttpRequestLimits.MinBodyDataRate), () => new() { MinBodyDataRate = 0 } },
        { nameof(HttpRequestLimits.MinBodyDataRate), () => new() { MinBodyDataRate = double.NaN } },
        { nameof(HttpRequestLimits.MinBodyDataRateGracePeriod), () => new() { MinBodyDataRateGracePeriod = TimeSpan.FromSeconds(-1) } },
    };

    [Theory]
    [MemberData(nameof(InvalidLimits))]
    public void An_invalid_limit_is_refused_when_it_is_set_with_its_name(string name, Func<HttpRequestLimits> create)
    {
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void The_defaults_are_the_documented_anchors()
    {
        var limits = HttpRequestLimits.Default;

        limits.RequestHeadTimeout.Should().Be(TimeSpan.FromSeconds(20), "Apache's RequestReadTimeout header=20");
        limits.KeepAliveTimeout.Should().Be(TimeSpan.FromSeconds(5), "Apache's KeepAliveTimeout");
        limits.MinBodyDataRate.Should().Be(240, "Kestrel's MinRequestBodyDataRate");
        limits.MinBodyDataRateGracePeriod.Should().Be(TimeSpan.FromSeconds(5), "Kestrel's grace period");
    }
}
