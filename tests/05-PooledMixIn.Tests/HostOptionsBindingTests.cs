using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PooledMixIn.Hosting;

namespace PooledMixIn.Tests;

/// <summary>
/// How <c>UsePooledMixIn</c> reads the pool's shape from configuration, in process: registering the hosted service
/// starts nothing, and the options are resolved as the host resolves them when it starts the pool.
/// </summary>
public sealed class HostOptionsBindingTests
{
    [Fact]
    public void Every_option_binds_from_the_PooledMixIn_section_and_the_delegate_adjusts_the_bound_values()
    {
        using var services = ServicesOf(
            new()
            {
                ["PooledMixIn:Host"] = "127.0.0.2",
                ["PooledMixIn:Port"] = "9090",
                ["PooledMixIn:ProcessCount"] = "3",
                ["PooledMixIn:ThreadCount"] = "5",
                ["PooledMixIn:Strategy"] = "AcceptLock",
                ["PooledMixIn:WorkerStartTimeout"] = "00:00:07",
                ["PooledMixIn:GracefulStopTimeout"] = "00:00:02",
                ["PooledMixIn:PidFile"] = "/run/app.pid",
                ["PooledMixIn:RunHostedServicesInWorkers"] = "true",
                ["PooledMixIn:WorkerEnvironment:DOTNET_TieredPGO"] = "0",
            },
            configure: options => options.ThreadCount *= 2);

        var options = services.GetRequiredService<IOptions<PooledMixInHostOptions>>().Value;

        options.Should().BeEquivalentTo(new PooledMixInHostOptions
        {
            Host = "127.0.0.2",
            Port = 9090,
            ProcessCount = 3,
            ThreadCount = 10, // 5 from configuration, then doubled: the delegate runs after binding
            Strategy = AcceptStrategy.AcceptLock,
            WorkerStartTimeout = TimeSpan.FromSeconds(7),
            GracefulStopTimeout = TimeSpan.FromSeconds(2),
            PidFile = "/run/app.pid",
            RunHostedServicesInWorkers = true,
            WorkerEnvironment = { ["DOTNET_TieredPGO"] = "0" },
        });
    }

    [Theory]
    [InlineData("Strategy", "round-robin")]
    [InlineData("ThreadCount", "many")]
    [InlineData("GracefulStopTimeout", "soon")]
    [InlineData("RunHostedServicesInWorkers", "yes")]
    public void A_value_that_does_not_parse_fails_the_start_naming_its_key_instead_of_falling_back_to_the_default(string key, string value)
    {
        using var services = ServicesOf(new() { [$"PooledMixIn:{key}"] = value });

        var resolving = () => services.GetRequiredService<IOptions<PooledMixInHostOptions>>().Value;

        resolving.Should().Throw<InvalidOperationException>().WithMessage($"*'{value}'*'PooledMixIn:{key}'*");
    }

    private static ServiceProvider ServicesOf(Dictionary<string, string?> settings, Action<PooledMixInHostOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UsePooledMixIn(_ => throw new InvalidOperationException("no connection is served in these tests"), configure);
        return builder.Services.BuildServiceProvider();
    }
}
