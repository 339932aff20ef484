using PooledMixIn.Benchmark.Servers;
using PooledMixIn.Benchmark.Suite;

namespace PooledMixIn.Benchmark.Tests;

public sealed class SuitePassTests
{
    [Fact]
    public void The_slow_handler_pass_asks_for_sleep_on_a_new_connection_and_the_others_for_bench()
    {
        SuitePass.SlowHandler.RequestPath(10).Should().Be("/sleep/10");
        SuitePass.SlowHandler.KeepsAlive().Should().BeFalse();
        SuitePass.NewConnection.RequestPath(10).Should().Be("/bench");
        SuitePass.KeepAlive.RequestPath(10).Should().Be("/bench");
        SuitePass.KeepAlive.KeepsAlive().Should().BeTrue();
    }

    [Fact]
    public void A_default_run_has_all_three_passes_and_a_10_ms_handler()
    {
        var settings = new SuiteSettings();

        settings.Passes.Should().Equal(SuitePass.NewConnection, SuitePass.KeepAlive, SuitePass.SlowHandler);
        settings.SleepMilliseconds.Should().Be(10);
        settings.Wrk.Should().BeTrue();
    }

    [Fact]
    public void The_smoke_run_skips_runtime_setting_variants_and_wrk_unless_named()
    {
        var quick = SuiteSettings.QuickDefaults;
        var variant = DesignCatalogue.All.First(d => d.Name == "pooled-handoff-2x64-server-gc");
        var native = DesignCatalogue.All.First(d => d.Name == "pooled-handoff-2x64-aot");

        quick.Wrk.Should().BeFalse();
        quick.Includes(variant).Should().BeFalse();
        quick.Includes(native).Should().BeTrue("a native build is other code, and its answers must be proved right too");
        (quick with { Only = new HashSet<string> { variant.Name } }).Includes(variant).Should().BeTrue();
        new SuiteSettings().Includes(variant).Should().BeTrue();
    }
}
