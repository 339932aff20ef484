using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PooledMixIn.AspNetCore.Tests;

/// <summary>What needs no process of its own: addresses and options.</summary>
public sealed class InProcessTests
{
    [Theory]
    [InlineData("http://localhost:5000", "127.0.0.1:5000")]
    [InlineData("http://127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("http://*:8080", "0.0.0.0:8080")]
    [InlineData("http://+:80", "0.0.0.0:80")]
    [InlineData("http://[::1]:9000", "[::1]:9000")]
    public void An_http_address_becomes_the_endpoint_to_bind(string address, string endPoint) =>
        ListenAddress.Parse(address).Should().Be(IPEndPoint.Parse(endPoint));

    [Theory]
    [InlineData("https://localhost:5001")]
    [InlineData("http://unix:/tmp/app.sock")]
    [InlineData("http://localhost:5000/base")]
    [InlineData("http://example.com:80")]
    public void An_address_the_pool_cannot_serve_is_refused_with_the_reason(string address) =>
        FluentActions.Invoking(() => ListenAddress.Parse(address)).Should().Throw<NotSupportedException>().WithMessage($"*{address.Split('/')[2].Split(':')[0].TrimStart('[')}*");

    [Fact]
    public void No_address_means_Kestrels_default_and_two_addresses_are_refused()
    {
        ListenAddress.Resolve([]).Should().Be(new IPEndPoint(IPAddress.Loopback, 5000));
        FluentActions.Invoking(() => ListenAddress.Resolve(["http://127.0.0.1:1", "http://127.0.0.1:2"]))
            .Should().Throw<NotSupportedException>().WithMessage("*one address*");
    }

    [Fact]
    public void Without_configuration_the_options_take_the_librarys_defaults()
    {
        var (options, pool) = (new PooledProcessesServerOptions(), new PooledProcessMixIn());

        (options.ProcessCount, options.ThreadCount, options.Strategy).Should().Be((pool.ProcessCount, pool.ThreadCount, pool.Strategy));
        options.Strategy.Should().Be(AcceptStrategy.EpollExclusive);
    }

    [Fact]
    public void Options_bind_from_the_PooledProcesses_section_then_the_delegate_adjusts_them()
    {
        using var host = new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PooledProcesses:ProcessCount"] = "3",
                ["PooledProcesses:ThreadCount"] = "16",
                ["PooledProcesses:Strategy"] = "AcceptLock",
                ["PooledProcesses:GracefulStopTimeout"] = "00:00:07",
            }))
            .ConfigureWebHost(web => web.UsePooledProcesses(o => o.ThreadCount *= 2).Configure(_ => { }))
            .Build();

        var options = host.Services.GetRequiredService<IOptions<PooledProcessesServerOptions>>().Value;

        (options.ProcessCount, options.ThreadCount, options.Strategy, options.GracefulStopTimeout)
            .Should().Be((3, 32, AcceptStrategy.AcceptLock, TimeSpan.FromSeconds(7)));
        host.Services.GetRequiredService<IServer>().Should().BeOfType<PooledProcessesServer>("it replaces Kestrel");
    }

    [Fact]
    public void Every_option_binds_from_configuration_in_its_own_type()
    {
        var options = BindOptions(new()
        {
            ["PooledProcesses:ProcessCount"] = "5",
            ["PooledProcesses:ThreadCount"] = "7",
            ["PooledProcesses:Strategy"] = "SharedAccept",
            ["PooledProcesses:HandoffTimeout"] = "00:00:03",
            ["PooledProcesses:WorkerStartTimeout"] = "00:00:04",
            ["PooledProcesses:GracefulStopTimeout"] = "00:00:05",
            ["PooledProcesses:MaxRequestBodySize"] = "123456789012",
            ["PooledProcesses:KeepAliveTimeout"] = "00:00:06",
            ["PooledProcesses:RequestHeadersTimeout"] = "00:00:08",
            ["PooledProcesses:IOTimeout"] = "00:00:09",
            ["PooledProcesses:WorkerEnvironment:DOTNET_TieredPGO"] = "0",
        });

        options.Should().BeEquivalentTo(new PooledProcessesServerOptions
        {
            ProcessCount = 5,
            ThreadCount = 7,
            Strategy = AcceptStrategy.SharedAccept,
            HandoffTimeout = TimeSpan.FromSeconds(3),
            WorkerStartTimeout = TimeSpan.FromSeconds(4),
            GracefulStopTimeout = TimeSpan.FromSeconds(5),
            MaxRequestBodySize = 123_456_789_012,
            KeepAliveTimeout = TimeSpan.FromSeconds(6),
            RequestHeadersTimeout = TimeSpan.FromSeconds(8),
            IOTimeout = TimeSpan.FromSeconds(9),
            WorkerEnvironment = { ["DOTNET_TieredPGO"] = "0" },
        });
    }

    [Theory]
    [InlineData("ThreadCount", "many")]
    [InlineData("Strategy", "Telepathy")]
    [InlineData("HandoffTimeout", "soon")]
    [InlineData("GracefulStopTimeout", "later")]
    [InlineData("MaxRequestBodySize", "big")]
    public void A_value_that_does_not_parse_fails_with_the_setting_named(string name, string value) =>
        FluentActions.Invoking(() => BindOptions(new() { [$"PooledProcesses:{name}"] = value }))
            .Should().Throw<InvalidOperationException>().WithMessage($"*PooledProcesses:{name}*");

    [Fact]
    public void The_response_body_is_a_write_only_stream()
    {
        using var stream = new ResponseBodyStream(null!);

        (stream.CanRead, stream.CanSeek, stream.CanWrite).Should().Be((false, false, true));
        FluentActions.Invoking(() => stream.Length).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => stream.Position).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => stream.Position = 0).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => stream.Read(new byte[1], 0, 1)).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => stream.Seek(0, SeekOrigin.Begin)).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => stream.SetLength(0)).Should().Throw<NotSupportedException>();
    }

    private static PooledProcessesServerOptions BindOptions(Dictionary<string, string?> settings)
    {
        using var host = new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings))
            .ConfigureWebHost(web => web.UsePooledProcesses().Configure(_ => { }))
            .Build();
        return host.Services.GetRequiredService<IOptions<PooledProcessesServerOptions>>().Value;
    }
}
